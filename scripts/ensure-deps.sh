#!/usr/bin/env bash
# Installs node_modules from the lock file when they are missing or older than the lock (fresh clone, CI).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "[deps] installing node modules (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
