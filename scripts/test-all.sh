#!/usr/bin/env bash
# Every test layer, in the order a failure is cheapest to find, after installing what they
# need (scripts/install-test-deps.sh: seconds when cached, about 10 minutes on a bare machine):
# types → lint (n8n's community-node rules, workflow files) → build → scanner (source and
# tarball) → unit + engine → end-to-end in a real n8n: every suite on the pinned n8n (SQLite,
# and queue mode: main, webhook processor and two workers on PostgreSQL + Redis), the recording
# flows and life cycle on the previous line (1.x) and on PostgreSQL, the life cycle in queue
# mode. The versions are in tools/n8n/versions.json.
# `npm run test:unit` runs the jest layers alone.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
version() { node -p "require('./tools/n8n/versions.json').$1"; }
pinned="$(version pinned)"
previous="$(version previousLine)"

step "install what the tests need (dev dependencies, Debian packages, Node 24, n8n $pinned and $previous; cached after the first run)"
bash scripts/install-dev-deps.sh
bash scripts/install-test-deps.sh
step "type check"
npx tsc --noEmit -p tsconfig.json
step "lint (n8n community-node rules, GitHub workflows)"
npm run --silent lint
step "build"
npm run --silent build
step "n8n verification scanner (source and packed tarball)"
npm run --silent scan
step "unit and workflow-engine tests"
npx jest --ci
step "end-to-end: every suite in a real n8n $pinned (Node 24, SQLite; queue mode on PostgreSQL + Redis)"
N8N_VERSION="$pinned" npm run --silent test:e2e
step "end-to-end: the recording flows, life cycle, Multi-Party Call waits, New Recording Trigger, the AI Agent's tools and examples in n8n $previous (Node 20, SQLite)"
N8N_VERSION="$previous" npx jest -c jest.e2e.config.js --ci test/e2e/flows.e2e.test.ts test/e2e/recordings.e2e.test.ts test/e2e/multiPartyCall.e2e.test.ts test/e2e/newRecording.e2e.test.ts test/e2e/agent.e2e.test.ts
step "end-to-end: the recording flows, life cycle and New Recording Trigger in n8n $pinned on PostgreSQL"
N8N_VERSION="$pinned" N8N_DB=postgresdb npx jest -c jest.e2e.config.js --ci test/e2e/flows.e2e.test.ts test/e2e/recordings.e2e.test.ts test/e2e/newRecording.e2e.test.ts
step "end-to-end: the recording life cycle in n8n $pinned in queue mode (main, webhook processor, worker)"
N8N_VERSION="$pinned" EXECUTIONS_MODE=queue npx jest -c jest.e2e.config.js --ci test/e2e/recordings.e2e.test.ts
