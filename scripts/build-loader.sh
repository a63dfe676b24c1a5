#!/bin/sh
# Minifies the loader public/embed.js into dist/widget/embed.js, which the server then serves
# at /embed.js instead of the readable source. scripts/build-widget.sh runs it after the widget.
set -eu

cd "$(dirname "$0")/.."
PATH="$PWD/node_modules/.bin:$PATH"
export PATH

if [ ! -x node_modules/.bin/esbuild ]; then
    npm ci --no-audit --no-fund
fi

mkdir -p dist/widget
# es2020, as the widget's glue: a browser older than that can't run the widget anyway.
esbuild public/embed.js --minify --target=es2020 --log-level=warning --outfile=dist/widget/embed.js
echo "build-loader: dist/widget/embed.js is ready"
