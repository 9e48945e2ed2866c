#!/usr/bin/env bash
# `npm run test:e2e`: Layerwise in real editors, one check after the other, stopping at the first
# that fails (each prints its own result line and, on failure, its logs and screenshots):
#   host  the extension-host suites (test/e2e/suite) in VS Code, extension from the repo  → `e2e: …`
#   nvim  headless Neovim as a second LSP client (test/nvim)                               → `nvim: …`
#   vsix  `npm run package` (in a staging copy), then the VSIX's size, files and manifest;
#         installed with code-server --install-extension, its smoke suite (test/e2e/vsix)  → `vsix: …`
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

# The VSIX is built by `npm run package` in a staging copy of the tree (sources, manifest and
# .vscodeignore as they are now; node_modules linked): dist/ of the working tree is shared with
# whoever runs `npm run build` meanwhile, and must not end up in, or be replaced by, the release.
STAGE=""
cleanup() { if [[ -n "$STAGE" ]]; then rm -rf "$STAGE"; fi; }
trap cleanup EXIT
package_once() {
  [[ -n "$STAGE" ]] && return 0
  local t=$SECONDS
  STAGE="$(mktemp -d "${TMPDIR:-/tmp}/layerwise-package-XXXXXX")"
  tar -C "$ROOT" --exclude=./node_modules --exclude=./.git --exclude=./.e2e-cache \
    --exclude=./.vscode-test --exclude=./out --exclude=./dist --exclude=./test-results \
    --exclude='*.vsix' -cf - . | tar -C "$STAGE" -xf -
  ln -s "$ROOT/node_modules" "$STAGE/node_modules"
  echo "[e2e] npm run package (in a staging copy)"
  (cd "$STAGE" && npm run --silent package >package.log 2>&1) || {
    cat "$STAGE/package.log" >&2
    return 1
  }
  export LAYERWISE_VSIX="$STAGE/layerwise.vsix"
  echo "[e2e] packaged in $((SECONDS - t)) s"
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
