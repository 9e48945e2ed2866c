#!/usr/bin/env bash
# `npm run test:e2e`: installs the e2e tools when missing (setup.sh), builds when the outputs are
# missing, then runs the suites in a real VS Code (out/test/e2e/runTest.js). Exits with its code.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

bash test/e2e/setup.sh

if [[ ! -f dist/client.js || ! -f dist/server.js ]]; then
  echo "[e2e] dist/ is missing: npm run build"
  npm run build
fi
if [[ ! -f out/test/e2e/runTest.js || ! -f out/test/e2e/suite/index.js ]]; then
  echo "[e2e] out/test/e2e is missing: npx tsc -b"
  npx tsc -b
fi

exec node out/test/e2e/runTest.js
