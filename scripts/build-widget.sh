#!/bin/sh
# Builds the widget into dist/widget/ (shopchat_widget.js, shopchat_widget_bg.wasm, widget.css)
# with Trunk, offline. Safe to run again: it installs the npm tools only when they are missing.
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

for file in shopchat_widget.js shopchat_widget_bg.wasm widget.css; do
    if [ ! -s "dist/widget/$file" ]; then
        echo "build-widget: dist/widget/$file is missing" >&2
        exit 1
    fi
done
echo "build-widget: dist/widget is ready"
