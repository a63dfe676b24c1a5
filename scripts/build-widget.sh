#!/bin/sh
# Builds the widget into dist/widget/ (shopchat_widget.js, shopchat_widget_bg.wasm, widget.css,
# and the commerce cards' module shopchat_commerce.js + shopchat_commerce_bg.wasm)
# with Trunk, offline, then the minified loader beside them (embed.js, scripts/build-loader.sh).
# Safe to run again: it installs the npm tools only when they are missing.
set -eu

cd "$(dirname "$0")/.."
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
# binaryen's wasm-opt and esbuild from npm (Debian's wasm-opt is too old and corrupts the
# module), trunk and wasm-bindgen from cargo; node runs widget/build/slim.mjs (see Trunk.toml).
PATH="$PWD/node_modules/.bin:$cargo_home/bin:$PATH"
export PATH

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ]; then
    npm ci --no-audit --no-fund
fi

for tool in trunk wasm-bindgen wasm-opt esbuild node; do
    command -v "$tool" >/dev/null || { echo "build-widget: $tool is not installed" >&2; exit 1; }
done

# Panic locations in the wasm name crates as `tachys-0.2.19/src/…` rather than by this
# machine's paths: shorter, and nothing about the build host ships to shoppers.
sep=$(printf '\037')
flags="--remap-path-prefix=$PWD/="
for dir in "$cargo_home"/registry/src/*/; do
    [ -d "$dir" ] && flags="$flags$sep--remap-path-prefix=$dir="
done
CARGO_ENCODED_RUSTFLAGS="$flags"
export CARGO_ENCODED_RUSTFLAGS

trunk build --config Trunk.toml

# The commerce cards' module (checkout, order status), loaded by the widget when a card is
# first shown: built with the same size-tuned profile, then slimmed and minified as the widget is.
cargo build --locked -p shopchat-commerce --target wasm32-unknown-unknown --profile wasm-release
target_dir="${CARGO_TARGET_DIR:-target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name shopchat_commerce \
    "$target_dir/wasm32-unknown-unknown/wasm-release/shopchat_commerce.wasm"
wasm-opt -Oz "$work/shopchat_commerce_bg.wasm" -o "$work/shopchat_commerce_bg.wasm"
SLIM_EXPECT_UNUSED=0 node widget/build/slim.mjs "$work/shopchat_commerce.js" "$work/shopchat_commerce_bg.wasm"
esbuild "$work/shopchat_commerce.js" --minify --format=esm --target=es2020 --log-level=warning \
    --outfile=dist/widget/shopchat_commerce.js
cp "$work/shopchat_commerce_bg.wasm" dist/widget/
esbuild style/commerce.css --minify --log-level=warning --outfile=dist/widget/commerce.css

for file in shopchat_widget.js shopchat_widget_bg.wasm widget.css shopchat_commerce.js shopchat_commerce_bg.wasm commerce.css; do
    if [ ! -s "dist/widget/$file" ]; then
        echo "build-widget: dist/widget/$file is missing" >&2
        exit 1
    fi
done
# After Trunk, which empties dist/widget on every build.
scripts/build-loader.sh >/dev/null
echo "build-widget: dist/widget is ready"
