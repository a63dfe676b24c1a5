#!/usr/bin/env bash
# Installs what building Shopchat needs, skipping whatever is already there:
# the wasm target, wasm-bindgen-cli at the version Cargo.lock pins, Trunk, and binaryen's
# wasm-opt from npm. With --with-browser also Chromium and ChromeDriver (for the tests); with
# --with-stand-ins the Python stand-ins the tests start (localstripe) in .venv/.
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_BROWSER=false
WITH_STAND_INS=false
for arg in "$@"; do
  case "$arg" in
    --with-browser) WITH_BROWSER=true ;;
    --with-stand-ins) WITH_STAND_INS=true ;;
    *) echo "usage: $0 [--with-browser] [--with-stand-ins]" >&2; exit 2 ;;
  esac
done

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  echo "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)…"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  echo "Installing trunk $TRUNK_VERSION (about 15 minutes, once)…"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
if [ ! -x node_modules/.bin/wasm-opt ]; then
  npm ci --no-audit --no-fund
fi

if $WITH_BROWSER; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi
fi

if $WITH_STAND_INS; then
  # localstripe, the Stripe stand-in (GPL test tooling, see tests/localstripe/README.md).
  # Reinstalled only when requirements.txt changed since the last install.
  requirements=tests/localstripe/requirements.txt
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv; then
      # Debian ships venv support separately from python3.
      rm -rf .venv
      sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      $sudo apt-get update -qq
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
      python3 -m venv .venv
    fi
  fi
  if ! cmp -s "$requirements" .venv/installed-requirements.txt; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" .venv/installed-requirements.txt
  fi
fi
