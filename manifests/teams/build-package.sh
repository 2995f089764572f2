#!/usr/bin/env bash
# Builds the Teams app package (manifest.json + both icons at the zip root).
# Usage: build-package.sh [BOT_ID] [VERSION] [OUT.zip]   (or env BOT_ID, VERSION, OUT)
# BOT_ID is the bot's Entra app id (Teams:AppId); it is also used as the app id.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bot_id="${1:-${BOT_ID:-}}"
version="${2:-${VERSION:-1.0.0}}"
out="${3:-${OUT:-$here/aibudgetbot-teams-$version.zip}}"

if [[ ! "$bot_id" =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; then
  echo "BOT_ID must be the bot's app id (a GUID), got '$bot_id'" >&2
  exit 2
fi
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "VERSION must be major.minor.patch, got '$version'" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -e "s/{{BOT_ID}}/$bot_id/g" -e "s/{{VERSION}}/$version/g" "$here/manifest.json" > "$work/manifest.json"
cp "$here/color.png" "$here/outline.png" "$work/"
rm -f "$out"
if command -v zip >/dev/null 2>&1; then
  (cd "$work" && zip -q -X "$out" manifest.json color.png outline.png)
else
  (cd "$work" && python3 -m zipfile -c "$out" manifest.json color.png outline.png)
fi
echo "$out"
