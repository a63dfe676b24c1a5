#!/usr/bin/env bash
# Load test: builds the release `shopchat` and the load test (with its bare axum "hello"
# yardstick, same profile), then measures, in one run: the hello rate; 64 shoppers driving the
# widget API (open a conversation, send messages, read each reply's stream to `done`) on a
# fresh SQLite database; 1,000 reply streams held open at once, with the server's RSS.
# Prints a table: hello req/s, turns/s, their ratio, p50/p99/max per turn, errors, RSS.
#
#   scripts/loadtest.sh                      # defaults: 20 s per phase, 64 shoppers, 1,000 streams
#   DURATION=60 scripts/loadtest.sh          # longer phases
#   scripts/loadtest.sh --instances 2        # two instances on one database behind the built-in proxy
#   scripts/loadtest.sh --instances 2 --database-url postgres://…   # PostgreSQL mode
#   scripts/loadtest.sh --help               # every option
#
# Extra arguments go to the load test. It exits 2 when any request failed.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-20}"
# Two builds, so the server is built with exactly its own features (as an operator builds it),
# not unified with the load test's.
cargo build --locked --release -p shopchat-server --bin shopchat
cargo build --locked --release -p shopchat-loadtest
target="${CARGO_TARGET_DIR:-target}/release"
exec "$target/shopchat-loadtest" \
  --shopchat "$target/shopchat" \
  --hello "$target/loadtest-hello" \
  --duration "$duration" \
  "$@"
