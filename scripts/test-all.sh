#!/usr/bin/env bash
# Every test layer, in the order a failure is cheapest to find:
# types → lint → build → scanner (source and tarball) → unit + engine → end-to-end in a real n8n.
# `npm run test:unit` runs the jest layers alone.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "type check"
npx tsc --noEmit -p tsconfig.json
step "lint (n8n community-node rules)"
npm run --silent lint
step "build"
npm run --silent build
step "n8n verification scanner (source and packed tarball)"
npm run --silent scan
step "unit and workflow-engine tests"
npx jest --ci
step "end-to-end tests in a real n8n"
npm run --silent test:e2e
