#!/usr/bin/env bash
# Installs what Tailgate needs on Debian 12: build tools and libraries,
# clang with libFuzzer (the fuzz drivers), PostgreSQL, nginx with nchan, wrk,
# Chromium and Node for the browser test, Python 3 (standard library only) for the
# provider simulator (scripts/sim/).
# --if-missing: quiet when everything is already there (and no apt-get update).
# Also: the newest PostgreSQL point release Debian offers, and the system user
# `tailgate` that the application runs as when started as root.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential pkg-config
  libfcgi-dev libpq-dev libctemplate-dev libjansson-dev libsodium-dev
  libcurl4-openssl-dev libcmocka-dev
  clang libclang-rt-14-dev clang-format
  postgresql postgresql-contrib
  nginx-light libnginx-mod-nchan
  curl wrk john-data procps
  python3 util-linux
  chromium nodejs
)

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm comes with nodejs from some sources and as its own package from Debian.
command -v npm >/dev/null 2>&1 || missing+=(npm)

# `make deps` refreshes the package lists so that security updates are seen;
# `--if-missing` (make run, make test) uses the lists as they are.
updated=0
if [ ${#missing[@]} -gt 0 ] || [ "${1:-}" != "--if-missing" ]; then
  $SUDO apt-get update -qq
  updated=1
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # Debian starts a system nginx and PostgreSQL on install; Tailgate runs its own.
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
elif [ "${1:-}" != "--if-missing" ]; then
  echo "deps: all system packages present"
fi

# PostgreSQL's point releases are security releases: install the newest one
# Debian offers (the installed packages only; nothing else is upgraded).
outdated=()
for p in $(dpkg-query -W -f='${Package} ${Status}\n' 'postgresql*' 'libpq*' 2>/dev/null |
           awk '/install ok installed/ {print $1}'); do
  inst=$(dpkg-query -W -f='${Version}' "$p")
  cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -n "$cand" ] && [ "$cand" != "(none)" ] && dpkg --compare-versions "$cand" gt "$inst"; then
    outdated+=("$p")
  fi
done
if [ ${#outdated[@]} -gt 0 ]; then
  echo "deps: installing PostgreSQL updates: ${outdated[*]}"
  [ "$updated" = 1 ] || $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --only-upgrade "${outdated[@]}"
fi

# The application's own unprivileged user: `tailgate serve` and `tailgate
# worker` switch to it when started as root (as CI and `sudo make run` do).
if ! getent passwd tailgate >/dev/null; then
  if [ "$(id -u)" -eq 0 ] || [ "${1:-}" != "--if-missing" ]; then
    echo "deps: creating the system user tailgate"
    $SUDO useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin tailgate
  fi
fi

# Browser-test driver (playwright-core drives the system Chromium; no browser download)
# and the OpenAPI validator (tests/e2e/openapi.mjs).
if [ ! -d tests/e2e/node_modules/playwright-core ] ||
   [ ! -d tests/e2e/node_modules/@seriousme/openapi-schema-validator ]; then
  echo "deps: installing the browser test's and the OpenAPI check's npm packages"
  (cd tests/e2e && npm install --no-audit --no-fund --loglevel=error)
fi
