#!/usr/bin/env bash
# Every test layer, in the order a failure is cheapest to find:
# types → lint → build → scanner (source and tarball) → unit + engine → end-to-end in a real n8n
# (2.41.1 and 1.123.81 on SQLite, 2.41.1 on PostgreSQL; on 2.41.1 also queue mode: main, webhook
# processor and two workers on PostgreSQL + Redis).
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
step "end-to-end: every suite in a real n8n 2.41.1 (Node 24, SQLite; queue mode on PostgreSQL + Redis)"
npm run --silent test:e2e
step "end-to-end: the recording flows in n8n 1.123.81 (Node 20, SQLite)"
N8N_VERSION=1.123.81 npx jest -c jest.e2e.config.js --ci test/e2e/flows.e2e.test.ts
step "end-to-end: the recording flows in n8n 2.41.1 on PostgreSQL"
N8N_DB=postgresdb npx jest -c jest.e2e.config.js --ci test/e2e/flows.e2e.test.ts
