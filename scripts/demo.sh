#!/usr/bin/env bash
# Runs Shopchat on embedded defaults: SQLite in ./data, the demo shop, the embedded assistant.
# Extra arguments go to the server (see `scripts/demo.sh --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build-widget.sh
exec cargo run --locked -q -p shopchat-server --bin shopchat -- "$@"
