#!/usr/bin/env bash
# Runs every test: installs the pinned Azurite (npm ci) when needed, then `dotnet test`.
# The tests start their own in-memory Azurite from node_modules on a free loopback port
# (or use AIBUDGET_TEST_STORAGE when it names a running Table endpoint).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite-table ]; then
  echo "==> Installing Azurite (npm ci, ~1 min the first time)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "==> Building"
dotnet build AiBudgetBot.sln -c Release --nologo -v quiet

echo "==> Core tests"
dotnet test tests/AiBudgetBot.Core.Tests -c Release --no-build --nologo

echo "==> Host tests (real Azurite, Teams and Slack stand-ins on loopback)"
dotnet test tests/AiBudgetBot.Tests -c Release --no-build --nologo --blame-hang-timeout 5m
