#!/usr/bin/env bash
# Prints raw and gzip sizes of what a shop's visitors download: the loader (embed.js, minified
# as the server serves it) and the widget (wasm + JS glue + CSS), and the commerce cards' module
# the widget loads when a checkout or order card is first shown. Builds the release widget and
# the loader first unless --no-build.
# With --check, exits non-zero when a budget is exceeded (loader ≤ 3 KB gz, widget ≤ 100 KB gz).
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
build=true
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    --no-build) build=false ;;
    *) echo "usage: $0 [--check] [--no-build]" >&2; exit 2 ;;
  esac
done
$build && scripts/build-widget.sh >/dev/null

gz() { gzip -9 -c "$1" | wc -c; }
raw() { wc -c < "$1"; }
row() { printf '%-28s %9s %9s\n' "$1" "$2" "$3"; }

row "file" "raw B" "gzip B"
loader=dist/widget/embed.js
[ -s "$loader" ] || scripts/build-loader.sh >/dev/null
row "embed.js (loader)" "$(raw $loader)" "$(gz $loader)"
row "  (readable source)" "$(raw public/embed.js)" "$(gz public/embed.js)"
total_raw=0
total_gz=0
for f in dist/widget/shopchat_widget_bg.wasm dist/widget/shopchat_widget.js dist/widget/widget.css; do
  r=$(raw "$f"); g=$(gz "$f")
  row "$(basename "$f")" "$r" "$g"
  total_raw=$((total_raw + r)); total_gz=$((total_gz + g))
done
row "widget total" "$total_raw" "$total_gz"
# The commerce cards' module loads only when a checkout or order card is first shown (as
# Stripe.js does), so it is reported on its own and not counted in the chat's budget.
card_raw=0
card_gz=0
for f in dist/widget/shopchat_commerce_bg.wasm dist/widget/shopchat_commerce.js dist/widget/commerce.css; do
  r=$(raw "$f"); g=$(gz "$f")
  row "$(basename "$f")" "$r" "$g"
  card_raw=$((card_raw + r)); card_gz=$((card_gz + g))
done
row "commerce cards (on demand)" "$card_raw" "$card_gz"

loader_gz=$(gz $loader)
status=0
if $check; then
  if [ "$loader_gz" -gt 3072 ]; then echo "over budget: loader is $loader_gz B gzip (budget 3072)"; status=1; fi
  if [ "$total_gz" -gt 102400 ]; then echo "over budget: widget is $total_gz B gzip (budget 102400)"; status=1; fi
  [ $status -eq 0 ] && echo "within budget: loader ≤ 3072 B gz, widget ≤ 102400 B gz"
fi
exit $status
