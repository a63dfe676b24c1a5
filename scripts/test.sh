#!/usr/bin/env bash
# Runs every test: server unit and integration tests (on SQLite, then again on a local
# PostgreSQL this script installs and starts), the importer on the reference CSVs (when
# ../shared/data is beside the checkout), the widget's component tests in headless Chromium,
# the end-to-end tests (real server + real browser), and the size budgets.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --with-browser --with-stand-ins
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

echo "== building the widget"
scripts/build-widget.sh

echo "== server, protocol and end-to-end tests"
cargo test --locked

echo "== the integration tests again, on PostgreSQL (Debian's package, a throw-away cluster)"
if ! scripts/postgres.sh status; then
  trap 'scripts/postgres.sh stop' EXIT  # stopped again only when this run started it
fi
postgres_url=$(scripts/postgres.sh start)
psql "$postgres_url" -q -c "drop database if exists shopchat_tests" -c "create database shopchat_tests"
# Over TLS, checked against the cluster's own authority, as a managed PostgreSQL would be used.
tests_url="${postgres_url%/postgres}/shopchat_tests?sslmode=verify-full&sslrootcert=$(scripts/postgres.sh ca)"
SHOPCHAT_TEST_POSTGRES="$tests_url" cargo test --locked -p shopchat-server --test api
echo "== the end-to-end tests again (real server, real browser), on the same PostgreSQL"
SHOPCHAT_TEST_POSTGRES="$tests_url" cargo test --locked -p shopchat-e2e

echo "== widget and commerce-card component tests (headless Chromium)"
cargo test --locked -p shopchat-widget -p shopchat-commerce --target wasm32-unknown-unknown

echo "== size budgets"
scripts/size-report.sh --check
