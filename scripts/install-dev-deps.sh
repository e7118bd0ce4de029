#!/usr/bin/env bash
# The project's dev dependencies (`npm ci`), when node_modules is missing or older than
# package-lock.json: so `npm start` and `npm test` each work from a fresh clone, and cost nothing
# once installed. About 35 s the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
installed=node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ package-lock.json -nt "$installed" ]; then
	echo "installing the dev dependencies (npm ci)…" >&2
	npm ci --no-audit --no-fund >&2
fi
