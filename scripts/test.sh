#!/usr/bin/env bash
# Runs every test: installs the pinned Azurite and Adaptive Cards renderer (npm ci) and Debian's
# chromium (for the playground's browser tests; Playwright never downloads a browser) when
# needed, then `dotnet test`.
# The tests start their own in-memory Azurite from node_modules on a free loopback port
# (or use AIBUDGET_TEST_STORAGE when it names a running Table endpoint).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite-table ] || [ ! -f node_modules/adaptivecards/dist/adaptivecards.min.js ]; then
  echo "==> Installing Azurite and the Adaptive Cards renderer (npm ci, ~1 min the first time)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "==> Installing Debian's chromium for the browser tests"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium
fi

echo "==> Building"
dotnet build AiBudgetBot.sln -c Release --nologo -v quiet

echo "==> Core tests"
dotnet test tests/AiBudgetBot.Core.Tests -c Release --no-build --nologo

echo "==> Host tests (real Azurite, Teams and Slack stand-ins on loopback)"
dotnet test tests/AiBudgetBot.Tests -c Release --no-build --nologo --blame-hang-timeout 5m
