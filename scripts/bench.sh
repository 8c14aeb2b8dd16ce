#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): page size, native analysis speed, in-page timings.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null

echo "== release build"
trunk build --release --offline --locked --public-url /guestlens/ >/dev/null 2>&1
echo "== gzip -9 size of dist/ (what a browser downloads)"
total=0
for f in dist/*; do
  gz=$(gzip -9c "$f" | wc -c); raw=$(stat -c%s "$f"); total=$((total + gz))
  printf '  %-48s %9d bytes  %8d gzip\n' "$(basename "$f")" "$raw" "$gz"
done
printf '  %-48s %9s        %8d gzip (%d KB)\n' "total" "" "$total" "$((total / 1024))"

echo "== native analysis (release)"
cargo bench --locked -p guestlens-analysis --bench token 2>/dev/null | grep -v '^\s*Running'
cargo bench --locked -p guestlens-analysis --bench errors 2>/dev/null | grep -v '^\s*Running'
cargo bench --locked -p guestlens-analysis --bench policy 2>/dev/null | grep -v '^\s*Running'

echo "== in the page (headless Chromium, release build)"
(cd tests/e2e && node page-bench.mjs)
