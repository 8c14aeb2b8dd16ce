#!/usr/bin/env bash
# Installs what is missing, builds the page and serves it at http://127.0.0.1:8080 (Ctrl-C stops).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# No live-reload: its injected script and websocket would break the page's own CSP.
exec trunk serve --release --offline --no-autoreload --address 127.0.0.1 --port 8080
