#!/usr/bin/env bash
# Installs what is missing, then runs every test: lint, native, browser components, end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

step "format and lints (native and wasm)"
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p guestlens-web --lib --bins --tests --locked -- -D warnings

step "native tests: analysis, CLI, invariants"
cargo test --locked

step "component tests in headless Chromium"
cargo test --target wasm32-unknown-unknown -p guestlens-web --test web --locked

step "release build, served from a sub-path as on GitHub Pages"
trunk build --release --offline --locked --public-url /guestlens/

step "end-to-end journeys in Chromium"
(cd tests/e2e && node --test)
