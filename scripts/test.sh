#!/usr/bin/env bash
# Runs every test: server unit and integration tests, the importer on the reference CSVs
# (when ../shared/data is beside the checkout), the widget's component tests in headless
# Chromium, the end-to-end tests (real server + real browser), and the size budgets.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --with-browser --with-stand-ins
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

echo "== building the widget"
scripts/build-widget.sh

echo "== server, protocol and end-to-end tests"
cargo test --locked

echo "== widget and commerce-card component tests (headless Chromium)"
cargo test --locked -p shopchat-widget -p shopchat-commerce --target wasm32-unknown-unknown

echo "== size budgets"
scripts/size-report.sh --check
