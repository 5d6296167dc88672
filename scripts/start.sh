#!/usr/bin/env bash
# `npm start`: the README's first command. Installs node modules when missing (npm ci from the lock file), then
# runs tokenwatch in one process on an embedded DuckDB file (.data/) with the demo data loaded on first start.
# No Kafka, no ClickHouse. Extra arguments go to `tokenwatch serve` (e.g. `npm start -- --port 9090`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/ensure-deps.sh
exec node --import tsx services/cli/src/main.ts serve --demo "$@"
