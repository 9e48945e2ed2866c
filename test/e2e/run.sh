#!/usr/bin/env bash
# `npm run test:e2e`: Layerwise in real editors, one check after the other, stopping at the first
# that fails (each prints its own result line and, on failure, its logs and screenshots):
#   host  the extension-host suites (test/e2e/suite) in VS Code, extension from the repo  → `e2e: …`
#   nvim  headless Neovim as a second LSP client (test/nvim)                               → `nvim: …`
#   vsix  `npm run package`, then the VSIX's size, files and manifest, installed into
#         code-server with --install-extension and its smoke suite (test/e2e/vsix)          → `vsix: …`
#   ui    the user journey in the workbench with Playwright, on the installed VSIX (test/ui) → `ui: …`
# `bash test/e2e/run.sh nvim ui` runs only the named checks (in the order given).
# setup.sh installs the tools when missing; builds happen only when their outputs are missing
# (after changing a test, run `npx tsc -b`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

CHECKS=("$@")
if ((${#CHECKS[@]} == 0)); then CHECKS=(host nvim vsix ui); fi
for check in "${CHECKS[@]}"; do
  case "$check" in
    host | nvim | vsix | ui) ;;
    *)
      echo "[e2e] unknown check '$check' (host, nvim, vsix, ui)" >&2
      exit 2
      ;;
  esac
done

started=$SECONDS
bash test/e2e/setup.sh

if [[ ! -f dist/client.js || ! -f dist/server.js ]]; then
  echo "[e2e] dist/ is missing: npm run build"
  npm run build
fi
for out in out/test/e2e/runTest.js out/test/e2e/suite/index.js out/test/nvim/run.js \
  out/test/e2e/vsix/run.js out/test/ui/journey.js; do
  if [[ ! -f "$out" ]]; then
    echo "[e2e] $out is missing: npx tsc -b"
    # tsc emits despite type errors elsewhere in the tree; the check below is what matters.
    npx tsc -b || true
    break
  fi
done

packaged=0
package_once() {
  ((packaged)) && return 0
  local t=$SECONDS
  # The release bundle replaces the development one in dist/; put that back afterwards.
  local had_maps=0
  [[ -f dist/server.js.map ]] && had_maps=1
  echo "[e2e] npm run package"
  npm run --silent package >/dev/null
  if ((had_maps)); then npm run --silent build; fi
  echo "[e2e] packaged in $((SECONDS - t)) s"
  packaged=1
}

summary=()
for check in "${CHECKS[@]}"; do
  t=$SECONDS
  echo
  echo "[e2e] ── $check ──"
  status=0
  case "$check" in
    host) node out/test/e2e/runTest.js || status=$? ;;
    nvim) node out/test/nvim/run.js || status=$? ;;
    vsix) { package_once && node out/test/e2e/vsix/run.js; } || status=$? ;;
    ui) { package_once && node out/test/ui/journey.js; } || status=$? ;;
  esac
  summary+=("$check $((SECONDS - t)) s")
  if ((status != 0)); then
    echo
    echo "[e2e] $check FAILED (exit $status) after $((SECONDS - t)) s; stopped. Logs and screenshots: see above."
    exit 1
  fi
done

echo
echo "[e2e] all passed in $((SECONDS - started)) s ($(
  IFS=,
  echo "${summary[*]}" | sed 's/,/, /g'
))"
