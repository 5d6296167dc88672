#!/usr/bin/env bash
# The whole test suite, as the README and .ci/run call it: `npm test`.
# Installs dependencies, lints, type-checks, starts real ClickHouse and Kafka (scripts/services.sh; or uses
# CLICKHOUSE_URL / KAFKA_BROKERS if set), then runs unit and integration tests against them.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
start=$SECONDS
step() { printf '\n== %s (%ss)\n' "$*" "$(( SECONDS - start ))"; }

step "dependencies"
bash scripts/ensure-deps.sh

step "format"
npx prettier --check --log-level warn .

step "lint"
npx eslint --max-warnings 0 .

step "typecheck"
npx tsc -p tsconfig.json --noEmit

step "system packages"
bash scripts/system-deps.sh

step "services"
bash scripts/services.sh up
eval "$(bash scripts/services.sh env)"
export KAFKAJS_NO_PARTITIONER_WARNING=1

step "tests"
mkdir -p test-results
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
status=$?
set -e

# One plain closing line, whatever the reporter printed above.
node -e '
const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
if (r.numTotalTests === 0) { console.error("no test was executed"); process.exit(1); }
' || status=1
step "done (exit $status)"
exit $status
