#!/usr/bin/env bash
# Runs the bot locally: installs and starts Azurite (Table Storage, data in .azurite/), then
# the bot on http://127.0.0.1:5080 with the demo organization (config/demo-policy.yaml), the
# usage simulator (Demo:Simulate: a month of calls replayed in seconds, then a trickle) and the
# playground (http://127.0.0.1:5080/playground). Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite-table ] || [ ! -f node_modules/adaptivecards/dist/adaptivecards.min.js ]; then
  echo "==> Installing Azurite and the Adaptive Cards renderer (npm ci, ~1 min the first time)"
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p .azurite
echo "==> Starting Azurite Table Storage on 127.0.0.1:10002 (data in .azurite/)"
node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort 10002 --location .azurite \
  --skipApiVersionCheck --disableProductStyleUrl --disableTelemetry --silent &
azurite=$!
trap 'kill $azurite 2>/dev/null || true' EXIT

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Policy__Path="${Policy__Path:-$PWD/config/demo-policy.yaml}"
export Ingestion__ApiKeys__0__Name="${Ingestion__ApiKeys__0__Name:-local-gateway}"
export Ingestion__ApiKeys__0__Key="${Ingestion__ApiKeys__0__Key:-local-ingest-key-change-me}"
export Admin__ApiKey="${Admin__ApiKey:-local-admin-key-change-me}"
export Demo__Simulate="${Demo__Simulate:-true}"

echo "==> Starting AiBudgetBot on http://127.0.0.1:5080 (demo simulator: $Demo__Simulate)"
echo "    playground: http://127.0.0.1:5080/playground   (pick who you are, ask 'budget', approve requests)"
echo "    ingestion key: $Ingestion__ApiKeys__0__Key   admin key: $Admin__ApiKey"
echo "    try: curl -H \"Authorization: Bearer $Admin__ApiKey\" http://127.0.0.1:5080/api/v1/teams/marketing/status"
# Request-by-request framework logs drown what the bot says; keep them at warnings.
env "Logging__LogLevel__Microsoft.AspNetCore=Warning" \
  dotnet run --project src/AiBudgetBot -c Release -- --urls http://127.0.0.1:5080
