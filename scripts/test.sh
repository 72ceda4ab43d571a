#!/usr/bin/env bash
# `npm test`: the whole suite. Unit and integration tests (Vitest, against the real PostgreSQL and Redis,
# one database and Redis prefix per worker), then browser tests (Playwright in Debian's Chromium).
# Ends with one line of totals: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
export ONNXRUNTIME_NODE_INSTALL=skip

node --import tsx scripts/check-services.ts "npm test" || exit 1
node --import tsx prisma/tools/generate.ts >/dev/null || exit 1

# The browser tests' build runs beside the unit tests: those spend much of their time waiting on real calls.
if [ "${SKIP_E2E:-}" != "1" ]; then
  echo "test: building the web app for browser tests (beside the unit tests)…"
  node node_modules/.bin/remix vite:build >test-results/build.log 2>&1 &
  build_pid=$!
fi

node node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
unit=$?

if [ "${SKIP_E2E:-}" != "1" ]; then
  wait "$build_pid" || { tail -40 test-results/build.log; exit 1; }
  PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json node node_modules/.bin/playwright test --reporter=list,json
  e2e=$?
else
  e2e=0
fi

node --import tsx scripts/test-totals.ts test-results/vitest.json test-results/playwright.json
[ $unit -eq 0 ] && [ $e2e -eq 0 ]
