#!/usr/bin/env bash
# Everything the tests need beyond the project's own dev dependencies, installed before any test
# runs (a test's hook only finds it, and fails at once naming this script when it is missing):
# Debian's Chromium, PostgreSQL and Redis; Node 24; every n8n version in tools/n8n/versions.json.
# Each step says what it installs and how long it took; a second run finds everything in the
# cache and takes seconds. On a bare machine the whole takes about 10 minutes (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

version() { node -p "require('./tools/n8n/versions.json').$1"; }
timed() {
	local what="$1"; shift
	local started; started=$(date +%s)
	printf '  - %s …\n' "$what"
	"$@"
	printf '  - %s: done in %ss\n' "$what" "$(( $(date +%s) - started ))"
}

timed "Debian packages (Chromium, PostgreSQL, Redis)" bash scripts/install-system-deps.sh
timed "Node 24 (npm package node@24)" bash scripts/install-node24.sh
for v in "$(version pinned)" "$(version previousLine)"; do
	# install-n8n.sh prints the install folder on stdout; the progress goes to stderr.
	timed "n8n $v" bash -c 'bash scripts/install-n8n.sh "$1" > /dev/null' _ "$v"
done
