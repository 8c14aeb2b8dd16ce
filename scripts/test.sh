#!/usr/bin/env bash
# Installs what is missing, then runs the tests: every layer in order, or the one named.
#   scripts/test.sh            lint, native, web, e2e (what CI runs)
#   scripts/test.sh lint       cargo fmt and clippy, native and wasm
#   scripts/test.sh native     analysis, CLI and invariant tests
#   scripts/test.sh web        component tests in headless Chromium
#   scripts/test.sh e2e        release build served from a sub-path, then the journeys
set -euo pipefail
cd "$(dirname "$0")/.."

layers=(lint native web e2e)
if [ $# -gt 1 ] || { [ $# -eq 1 ] && [[ ! " ${layers[*]} " =~ " $1 " ]]; }; then
  echo "usage: scripts/test.sh [lint|native|web|e2e]" >&2
  exit 2
fi
[ $# -eq 1 ] && layers=("$1")

scripts/setup.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

lint() {
  step "format and lints (native and wasm)"
  cargo fmt --check
  cargo clippy --all-targets --locked -- -D warnings
  cargo clippy --target wasm32-unknown-unknown -p guestlens-web --lib --bins --tests --locked -- -D warnings
  cargo clippy --target wasm32-unknown-unknown -p guestlens-unpack --locked -- -D warnings
}

native() {
  step "native tests: analysis, CLI, invariants"
  cargo test --locked
}

web() {
  step "component tests in headless Chromium"
  cargo test --target wasm32-unknown-unknown -p guestlens-web --test web --locked
}

e2e() {
  step "release build, served from a sub-path as on GitHub Pages"
  trunk build --release --offline --locked --public-url /guestlens/
  step "end-to-end journeys in Chromium"
  (cd tests/e2e && node --test)
}

for layer in "${layers[@]}"; do
  "$layer"
done
