#!/usr/bin/env bash
# A local PostgreSQL for the tests and the load test: Debian's package (installed when missing),
# one cluster in /tmp (where the `postgres` user can reach it when this runs as root), listening
# on 127.0.0.1 only and trusting local connections. It is a throw-away test server: fsync is
# off, and nothing of value should be kept in it.
#
#   scripts/postgres.sh start    # starts it unless it runs; prints its URL
#   scripts/postgres.sh status   # exit status 0 when it runs
#   scripts/postgres.sh stop
#   scripts/postgres.sh url
#   scripts/postgres.sh ca       # the certificate authority its TLS certificate comes from
#
# It speaks TLS (a certificate for 127.0.0.1 from a throw-away authority made at first start),
# so the tests can connect with `sslmode=verify-full&sslrootcert=$(scripts/postgres.sh ca)`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Below the kernel's ephemeral range (32768-60999 by default), so no outgoing connection of
# the tests can hold the port when the server starts.
PORT="${SHOPCHAT_PG_PORT:-25432}"
DIR="${SHOPCHAT_PG_DIR:-${TMPDIR:-/tmp}/shopchat-postgres-$PORT}"
URL="postgres://shopchat@127.0.0.1:$PORT/postgres"

bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  echo "$found"
}

ensure_installed() {
  if [ -n "$(bin_dir)" ] && [ -x "$(bin_dir)/initdb" ]; then return; fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "== installing PostgreSQL (Debian's package)"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
  # Debian starts a cluster of its own on 5432; the tests use their own, so leave it be.
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A throw-away certificate authority and a server certificate for 127.0.0.1 it signed.
ensure_tls() {
  local tls="$DIR/tls"
  if [ -f "$tls/server.key" ] && [ -f "$tls/ca.crt" ]; then return; fi
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Shopchat test CA" \
    -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tls/san.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" \
    -CAcreateserial -days 3650 -extfile "$tls/san.ext" -out "$tls/server.crt" 2>/dev/null
  chmod 600 "$tls/server.key" "$tls/ca.key"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$tls"; fi
}

# Whether the running server speaks TLS (one started before it did is restarted).
speaks_tls() {
  local bin; bin=$(bin_dir)
  [ "$(as_owner "$bin/psql" -h "$DIR" -p "$PORT" -U shopchat -d postgres -tAc 'show ssl' 2>/dev/null)" = "on" ]
}

start() {
  ensure_installed
  local bin; bin=$(bin_dir)
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; chmod 700 "$DIR"; fi
  if [ ! -f "$DIR/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$DIR" -U shopchat --auth=trust --encoding=UTF8 --locale=C >/dev/null
  fi
  ensure_tls
  if as_owner "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    if speaks_tls; then echo "$URL"; return; fi
    as_owner "$bin/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start -o \
    "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c ssl=on -c ssl_cert_file=$DIR/tls/server.crt -c ssl_key_file=$DIR/tls/server.key" >/dev/null; then
    echo "PostgreSQL did not start; the end of $DIR/server.log:" >&2
    tail -n 5 "$DIR/server.log" >&2 || true
    exit 1
  fi
  echo "$URL"
}

stop() {
  local bin; bin=$(bin_dir)
  if [ -n "$bin" ] && [ -f "$DIR/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
  fi
}

status() {
  local bin; bin=$(bin_dir)
  [ -n "$bin" ] && [ -f "$DIR/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1
}

case "${1:-start}" in
  start) start ;;
  status) status ;;
  stop) stop ;;
  url) echo "$URL" ;;
  ca) echo "$DIR/tls/ca.crt" ;;
  *) echo "usage: $0 start|status|stop|url|ca" >&2; exit 2 ;;
esac
