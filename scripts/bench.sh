#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): page size, native analysis speed, in-page timings.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null

echo "== release build"
trunk build --release --offline --locked --public-url /guestlens/ >/dev/null 2>&1
echo "== gzip -9 size of dist/ (what a browser downloads)"
# The first load is everything index.html loads before a paste is analysed: the page (with its
# stylesheet and the static front door's script inline), the icon, the wasm-bindgen glue and the
# start-up script with the module's first part embedded. (The static front door already takes a
# paste after index.html alone, and keeps it until the app starts; that is not counted as the
# first load.) The analysis part is loaded the first time the page has something to read
# (crates/web/src/part.rs), so it is measured on its own and in the total. The offline edition
# is one file measured on its own; its .sha256 is not downloaded by the page.
first=0; part=0
for f in dist/*; do
  gz=$(gzip -9c "$f" | wc -c); raw=$(stat -c%s "$f")
  case "$(basename "$f")" in
    guestlens-offline.html) what="offline edition, on its own" ;;
    *.sha256) what="not loaded" ;;
    guestlens-part-*.js) what="analysis part, on first use"; part=$((part + gz)) ;;
    *) what="first load"; first=$((first + gz)) ;;
  esac
  printf '  %-48s %9d bytes  %8d gzip  (%s)\n' "$(basename "$f")" "$raw" "$gz" "$what"
done
printf '  %-48s %9s        %8d gzip (%d KiB; budget 262144)\n' "first load" "" "$first" "$((first / 1024))"
printf '  %-48s %9s        %8d gzip (what paints the front door and takes a paste)\n' "of which index.html" "" "$(gzip -9c dist/index.html | wc -c)"
printf '  %-48s %9s        %8d gzip (budget 330000)\n' "first load and analysis part" "" "$((first + part))"

echo "== native analysis (release)"
cargo bench --locked -p guestlens-analysis --bench token 2>/dev/null | grep -v '^\s*Running'
cargo bench --locked -p guestlens-analysis --bench errors 2>/dev/null | grep -v '^\s*Running'
cargo bench --locked -p guestlens-analysis --bench policy 2>/dev/null | grep -v '^\s*Running'

echo "== in the page (headless Chromium, release build)"
(cd tests/e2e && node page-bench.mjs)
