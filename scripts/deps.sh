#!/usr/bin/env bash
# Installs what Tailgate needs on Debian 12: build tools and libraries,
# clang with libFuzzer (the fuzz drivers), PostgreSQL, nginx with nchan, wrk,
# Chromium and Node for the browser test.
# --if-missing: quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential pkg-config
  libfcgi-dev libpq-dev libctemplate-dev libjansson-dev libsodium-dev
  libcurl4-openssl-dev libcmocka-dev
  clang libclang-rt-14-dev
  postgresql postgresql-contrib
  nginx-light libnginx-mod-nchan
  curl wrk john-data procps
  chromium nodejs
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm comes with nodejs from some sources and as its own package from Debian.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # Debian starts a system nginx and PostgreSQL on install; Tailgate runs its own.
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
elif [ "${1:-}" != "--if-missing" ]; then
  echo "deps: all system packages present"
fi

# Browser-test driver (playwright-core drives the system Chromium; no browser download).
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  echo "deps: installing playwright-core for the browser test"
  (cd tests/e2e && npm install --no-audit --no-fund --loglevel=error)
fi
