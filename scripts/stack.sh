#!/usr/bin/env bash
# The Tailgate stack on one machine: a private PostgreSQL cluster, nginx with
# nchan, `tailgate serve` and `tailgate worker`.
#
#   stack.sh run          start everything, print the URLs, stay in the
#                         foreground with logs, stop cleanly on Ctrl-C/SIGTERM
#   stack.sh start        start everything in the background (tests, bench)
#   stack.sh stop         stop what `start` started
#   stack.sh pg-restart   restart PostgreSQL only (fault-injection tests)
#   stack.sh psql [ARGS]  psql as the admin role
#   stack.sh tailgate ARGS  the tailgate binary with this stack's settings
#   stack.sh env          this stack's settings as shell `export` lines:
#                         eval "$(scripts/stack.sh env)"
#
# Environment: PORT (8080), TAILGATE_VAR (var), TAILGATE_BIN (build/tailgate),
# TAILGATE_SEED (1: seed the demo accounts, catalogue and bettors), TAILGATE_WORKERS,
# TAILGATE_FAST (1: throwaway cluster settings for tests), TAILGATE_SIM (1: start the
# provider simulator, scripts/sim/, and point the provider section at it; 0: leave the
# provider.* configuration as the config file says), TAILGATE_SIM_PORT (default: a
# free port, kept in $TAILGATE_VAR/run/sim.port).
#
# Least privilege (docs/decisions.md, "Roles and ownership" and "Users and
# files"): started as root, the cluster runs as Debian's `postgres`, nginx's
# workers as `www-data` and `tailgate serve`/`worker` switch to the system user
# `tailgate` (created by `make deps`). PostgreSQL trusts no connection: the
# application role logs in by peer authentication, the admin role with a
# password kept in $TAILGATE_VAR/admin.pgpass (0600). Files are 0640 at most.
set -euo pipefail
umask 027

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-8080}
VAR=${TAILGATE_VAR:-$ROOT/var}
mkdir -p "$VAR"
VAR=$(cd "$VAR" && pwd)
BIN=${TAILGATE_BIN:-$ROOT/build/tailgate}
case "$BIN" in /*) ;; *) BIN=$ROOT/$BIN ;; esac
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
PGDATA=$VAR/pg/data
PGSOCK=$VAR/run/pg
LOG=$VAR/log
CMD=${1:-run}

ADMIN_PASS=$VAR/admin.pgpass
APP_RUN=$VAR/run/app         # the FastCGI socket and lock files: the app's own
PUB_RUN=$VAR/run/nchan       # nchan's publisher socket: the app may enter
if [ "$(id -u)" -eq 0 ]; then
  # initdb and pg_ctl refuse to run as root: the cluster belongs to postgres.
  PGOS=postgres
  as_pg() { runuser -u postgres -- "$@"; }
  NGINX_USER="user www-data;"
  SOCKET_GROUP=www-data
  APP_USER=${TAILGATE_USER:-tailgate}
else
  PGOS=$(id -un)
  as_pg() { "$@"; }
  NGINX_USER=""
  SOCKET_GROUP=""
  APP_USER=$(id -un)
fi

export TAILGATE_ROOT=$ROOT
export TAILGATE_CONFIG=$ROOT/scripts/tailgate.conf
export TAILGATE_BIN=$BIN
export TAILGATE_USER=$APP_USER
export TAILGATE_SOCKET=$APP_RUN/tailgate.sock
export TAILGATE_SOCKET_GROUP=$SOCKET_GROUP
export TAILGATE_DB_URL="host=$PGSOCK dbname=tailgate user=tailgate_app application_name=tailgate"
export TAILGATE_DB_ADMIN_URL="host=$PGSOCK dbname=tailgate user=tailgate_admin passfile=$ADMIN_PASS application_name=tailgate-admin"
export TAILGATE_LIVE_PUBLISH_SOCKET=$PUB_RUN/nchan.sock
[ -n "${TAILGATE_WORKERS:-}" ] && export TAILGATE_WORKERS
TG=("$BIN" --config "$TAILGATE_CONFIG")

# The provider simulator (scripts/sim/sim.py, docs/integrations.md). Its keys and
# webhook secrets are test values known to both sides; nothing real. The demo
# brand uses the platform's Stripe account, acme its own (tenants/acme/tenant.json
# "providers"); "sim" is a generic provider signing with Standard Webhooks.
SIM=${TAILGATE_SIM:-1}
SIM_KEYS=sk_test_tailgate_sim,sk_test_tailgate_sim_acme
SIM_STRIPE_SECRET=whsec_tailgate_sim_stripe
SIM_ACME_SECRET=whsec_tailgate_sim_acme
SIM_STANDARD_SECRET=whsec_dGFpbGdhdGUtc2ltdWxhdG9yLWtleS0zMi1ieXRlcyE=
sim_env() { # $1: the simulator's port; a value already in the environment wins
  local url=http://127.0.0.1:$1
  : "${TAILGATE_PROVIDER_STRIPE_BASE_URL:=$url}" "${TAILGATE_PROVIDER_STRIPE_SECRET_KEY:=sk_test_tailgate_sim}"
  : "${TAILGATE_PROVIDER_STRIPE_WEBHOOK_SECRET:=$SIM_STRIPE_SECRET}"
  : "${TAILGATE_PROVIDER_STRIPE_ACME_SECRET_KEY:=sk_test_tailgate_sim_acme}"
  : "${TAILGATE_PROVIDER_STRIPE_ACME_WEBHOOK_SECRET:=$SIM_ACME_SECRET}"
  : "${TAILGATE_PROVIDER_SIM_BASE_URL:=$url}" "${TAILGATE_PROVIDER_SIM_SECRET_KEY:=sk_test_tailgate_sim}"
  : "${TAILGATE_PROVIDER_SIM_WEBHOOK_SCHEME:=standard}" "${TAILGATE_PROVIDER_SIM_WEBHOOK_SECRET:=$SIM_STANDARD_SECRET}"
  export TAILGATE_PROVIDER_STRIPE_BASE_URL TAILGATE_PROVIDER_STRIPE_SECRET_KEY \
    TAILGATE_PROVIDER_STRIPE_WEBHOOK_SECRET TAILGATE_PROVIDER_STRIPE_ACME_SECRET_KEY \
    TAILGATE_PROVIDER_STRIPE_ACME_WEBHOOK_SECRET TAILGATE_PROVIDER_SIM_BASE_URL \
    TAILGATE_PROVIDER_SIM_SECRET_KEY TAILGATE_PROVIDER_SIM_WEBHOOK_SCHEME TAILGATE_PROVIDER_SIM_WEBHOOK_SECRET
}
if [ "$SIM" = 1 ] && [ -s "$VAR/run/sim.port" ]; then sim_env "$(cat "$VAR/run/sim.port")"; fi

say() { printf '%s\n' "$*"; }
pidof_file() { [ -f "$1" ] && cat "$1" 2>/dev/null || true; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

pg_running() { as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

pg_init() {
  [ -f "$PGDATA/PG_VERSION" ] && return 0
  say "stack: creating a private PostgreSQL cluster in $VAR/pg"
  mkdir -p "$VAR/pg" "$PGSOCK"
  [ "$PGOS" = postgres ] && chown -R postgres: "$VAR/pg" "$PGSOCK"
  chmod 700 "$VAR/pg" "$PGSOCK"
  # initdb's "trust" lasts until pg_start has set the admin's password; until
  # then the socket directory is 0700 and the cluster's user's (and root's).
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U tailgate_admin --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$LOG/initdb.log" 2>&1 || { cat "$LOG/initdb.log"; exit 1; }
  # There is no TCP listener at all.
  cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PGSOCK'
max_connections = 200
shared_buffers = 256MB
log_min_messages = warning
log_min_error_statement = panic
CONF
  if [ "${TAILGATE_FAST:-0}" = 1 ]; then
    # fsync off only matters if the OS crashes; commits still survive a
    # PostgreSQL crash, which the fault-injection tests rely on.
    printf 'fsync = off\nfull_page_writes = off\n' >>"$PGDATA/postgresql.conf"
  fi
}

# Who may log in: tailgate_app by peer authentication from the application's
# OS user (and root, which can become anyone anyway); tailgate_admin with its
# password; nobody else. Written on every start.
pg_auth_write() {
  cat >"$PGDATA/pg_hba.conf" <<HBA
# Written by scripts/stack.sh. Unix socket only; nothing is trusted.
local all tailgate_app   peer map=app
local all tailgate_admin scram-sha-256
local all all            reject
HBA
  {
    echo "# Written by scripts/stack.sh: OS user -> the application role."
    echo "app $APP_USER tailgate_app"
    [ "$(id -u)" -eq 0 ] && echo "app root tailgate_app"
  } >"$PGDATA/pg_ident.conf"
  [ "$PGOS" = postgres ] && chown postgres: "$PGDATA/pg_hba.conf" "$PGDATA/pg_ident.conf"
  chmod 600 "$PGDATA/pg_hba.conf" "$PGDATA/pg_ident.conf"
}

# A new cluster (or one from before passwords, whose pg_hba.conf trusted every
# local connection) gets a random admin password while only its own user and
# root can reach the socket; then authentication is switched on.
pg_admin_password() {
  local pw
  pw=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
  if ! PGPASSFILE=/dev/null "$PGBIN/psql" -X -q -w -v ON_ERROR_STOP=1 -h "$PGSOCK" -U tailgate_admin \
      -d postgres >/dev/null 2>&1 <<SQL
ALTER ROLE tailgate_admin PASSWORD '$pw';
SQL
  then
    say "stack: $ADMIN_PASS is missing and the cluster in $VAR/pg asks for a password;"
    say "stack: restore the file (a line *:*:*:tailgate_admin:PASSWORD, mode 0600)."
    exit 1
  fi
  (umask 077 && printf '*:*:*:tailgate_admin:%s\n' "$pw" >"$ADMIN_PASS.new") && mv "$ADMIN_PASS.new" "$ADMIN_PASS"
}

pg_start() {
  mkdir -p "$PGSOCK"
  [ "$PGOS" = postgres ] && chown postgres: "$PGSOCK" && touch "$LOG/postgres.log" && chown postgres: "$LOG/postgres.log"
  chmod 700 "$PGSOCK"
  [ -s "$ADMIN_PASS" ] && pg_auth_write
  pg_running || as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$LOG/postgres.log" -w -t 60 start >/dev/null
  if [ ! -s "$ADMIN_PASS" ]; then
    pg_admin_password
    pg_auth_write
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" reload >/dev/null
    # reload is asynchronous: wait until a password-less admin login fails.
    for _ in $(seq 1 100); do
      PGPASSFILE=/dev/null "$PGBIN/psql" -X -w -h "$PGSOCK" -U tailgate_admin -d postgres \
        -c 'SELECT 1' >/dev/null 2>&1 || break
      sleep 0.1
    done
  fi
  # Authentication decides now: other users may reach the socket.
  chmod 755 "$PGSOCK"
}

pg_stop() { pg_running && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null || true; }

psql_admin() { PGPASSFILE=$ADMIN_PASS "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGSOCK" -U tailgate_admin "$@"; }

db_bootstrap() {
  if ! psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'tailgate'" | grep -q 1; then
    psql_admin -d postgres -c "CREATE DATABASE tailgate"
  fi
  psql_admin -d tailgate <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailgate_app') THEN
    CREATE ROLE tailgate_app LOGIN NOINHERIT;
  END IF;
END $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE tailgate FROM PUBLIC;
GRANT CONNECT ON DATABASE tailgate TO tailgate_app;
SQL
}

nginx_conf() {
  local map conf=$VAR/nginx/nginx.conf
  mkdir -p "$VAR/nginx"/{client_body,fastcgi,proxy,uwsgi,scgi}
  [ -n "$SOCKET_GROUP" ] && chown -R www-data: "$VAR/nginx"
  map=$("${TG[@]}" tenant map)
  awk -v var="$VAR" -v root="$ROOT" -v port="$PORT" -v user="$NGINX_USER" -v map="$map" '
    { gsub(/@VAR@/, var); gsub(/@ROOT@/, root); gsub(/@PORT@/, port); gsub(/@USER@/, user);
      if ($0 ~ /@TENANT_MAP@/) { print map; next } print }' \
    "$ROOT/nginx/nginx.conf.in" >"$conf"
  /usr/sbin/nginx -t -q -c "$conf" -p "$VAR/nginx/" -e "$LOG/nginx-error.log"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Directories: $VAR/run and $VAR/log are root's (or the user's), files 0640;
# the app owns $APP_RUN (setgid www-data, so that its socket is nginx's group)
# and $LOG/app (its sanitizer reports); it may enter $PUB_RUN, nobody else may.
dirs() {
  mkdir -p "$LOG" "$LOG/app" "$VAR/run" "$APP_RUN" "$PUB_RUN"
  chmod 755 "$VAR" "$VAR/run" "$LOG"
  if [ "$(id -u)" -eq 0 ]; then
    getent passwd "$APP_USER" >/dev/null ||
      { say "stack: the system user $APP_USER is missing: run make deps"; exit 1; }
    chown "$APP_USER:$SOCKET_GROUP" "$APP_RUN"; chmod 2750 "$APP_RUN"
    # Lock files a root command (seed, user ...) created first become the app's.
    find "$APP_RUN" -mindepth 1 -maxdepth 1 ! -user "$APP_USER" -exec chown "$APP_USER" {} +
    chown "root:$(id -gn "$APP_USER")" "$PUB_RUN"; chmod 750 "$PUB_RUN"
    chown "$APP_USER:" "$LOG/app"; chmod 750 "$LOG/app"
  else
    chmod 700 "$APP_RUN" "$PUB_RUN"; chmod 750 "$LOG/app"
  fi
}

# Started before the application, which reads the simulator's address from
# the environment (sim_env). As root it runs as the application's user.
sim_start() {
  [ "$SIM" = 1 ] || return 0
  local port=${TAILGATE_SIM_PORT:-} p
  p=$(pidof_file "$VAR/run/sim.pid")
  if alive "$p" && [ -s "$VAR/run/sim.port" ]; then sim_env "$(cat "$VAR/run/sim.port")"; return 0; fi
  if [ -z "$port" ]; then
    port=$((20000 + RANDOM % 20000))
    while ! port_free "$port"; do port=$((20000 + RANDOM % 20000)); done
  fi
  local as=()
  [ "$(id -u)" -eq 0 ] && as=(setpriv --reuid="$APP_USER" --regid="$(id -g "$APP_USER")" --init-groups)
  "${as[@]}" /usr/bin/python3 "$ROOT/scripts/sim/sim.py" --port "$port" --keys "$SIM_KEYS" \
    --webhook-url "http://127.0.0.1:$PORT/webhooks/stripe" --webhook-host demo.localhost \
    --webhook-secret "$SIM_STRIPE_SECRET" \
    --standard-url "http://127.0.0.1:$PORT/webhooks/sim" --standard-secret "$SIM_STANDARD_SECRET" \
    --watch-file "$VAR/run/sim.pid" >>"$LOG/sim.log" 2>&1 </dev/null &
  echo $! >"$VAR/run/sim.pid"
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/_sim/objects" 2>/dev/null && break
    alive "$(pidof_file "$VAR/run/sim.pid")" || break
    sleep 0.1
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/_sim/objects" 2>/dev/null ||
    { say "stack: the provider simulator did not start; see $LOG/sim.log"; tail -n 5 "$LOG/sim.log"; exit 1; }
  echo "$port" >"$VAR/run/sim.port"
  sim_env "$port"
}

start() {
  dirs
  [ -x "$BIN" ] || { say "stack: $BIN is missing; run make first"; exit 1; }
  port_free "$PORT" || { say "stack: port $PORT is in use (set PORT=...)"; exit 1; }
  pg_init
  pg_start
  db_bootstrap
  "${TG[@]}" migrate >>"$LOG/setup.log" 2>&1 || { tail -n 20 "$LOG/setup.log"; exit 1; }
  for f in "$ROOT"/tenants/*/tenant.json; do
    "${TG[@]}" tenant add "$(basename "$(dirname "$f")")" >>"$LOG/setup.log" 2>&1 ||
      { tail -n 20 "$LOG/setup.log"; exit 1; }
  done
  # The seed is idempotent and tops up the upcoming fortnight, so it runs
  # on every start (a second run on the same day changes nothing).
  if [ "${TAILGATE_SEED:-1}" = 1 ]; then
    "${TG[@]}" seed >>"$LOG/setup.log" 2>&1 || { tail -n 20 "$LOG/setup.log"; exit 1; }
  fi
  nginx_conf
  /usr/sbin/nginx -c "$VAR/nginx/nginx.conf" -p "$VAR/nginx/" -e "$LOG/nginx-error.log"
  sim_start
}

start_app() { # $1: where logs go ("-" for this terminal)
  local out=${1:-"$LOG/app.log"}
  dirs
  if [ "$out" = - ]; then
    "${TG[@]}" serve & echo $! >"$VAR/run/serve.pid"
    "${TG[@]}" worker & echo $! >"$VAR/run/worker.pid"
  else
    "${TG[@]}" serve >>"$out" 2>&1 & echo $! >"$VAR/run/serve.pid"
    "${TG[@]}" worker >>"$LOG/worker.log" 2>&1 & echo $! >"$VAR/run/worker.pid"
  fi
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && return 0
    alive "$(pidof_file "$VAR/run/serve.pid")" || break
    sleep 0.1
  done
  say "stack: the application did not become healthy; see $LOG"
  return 1
}

stop() {
  local p
  for f in serve worker sim; do
    p=$(pidof_file "$VAR/run/$f.pid")
    if alive "$p"; then
      kill -TERM "$p" 2>/dev/null || true
      for _ in $(seq 1 100); do alive "$p" || break; sleep 0.1; done
      alive "$p" && kill -KILL "$p" 2>/dev/null || true
    fi
    rm -f "$VAR/run/$f.pid"
  done
  rm -f "$VAR/run/sim.port"
  p=$(pidof_file "$VAR/run/nginx.pid")
  if alive "$p"; then
    kill -QUIT "$p" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$p" || break; sleep 0.1; done
    alive "$p" && kill -TERM "$p" 2>/dev/null || true
  fi
  [ -f "$PGDATA/PG_VERSION" ] && pg_stop
  return 0
}

banner() {
  cat <<TXT

  Tailgate is running.

    demo brand   http://demo.localhost:$PORT/
    acme brand   http://acme.localhost:$PORT/
    (any browser resolves *.localhost to this machine)

  Demo accounts (password: tailgate-demo-2026)
    demo:  demo_admin (admin, platform admin), alice, marco (moderator), rita (reviewer)
    acme:  acme_admin (admin), alice
    demo bettors on both: value_vera, fav_fred, longshot_lou, tilt_tom, hoops_hana

    Events:  http://demo.localhost:$PORT/events    a profile: http://demo.localhost:$PORT/u/value_vera

  Operators: http://127.0.0.1:$PORT/healthz  http://127.0.0.1:$PORT/metrics
  Provider simulator: http://127.0.0.1:$(cat "$VAR/run/sim.port" 2>/dev/null || echo off)/ (docs/integrations.md)
  Logs below; Ctrl-C stops everything. Data stays in $VAR.

TXT
}

case "$CMD" in
  run)
    exec 9>"$VAR/run.lock"
    if ! flock -n 9; then
      say "Tailgate is already running from $VAR (pid $(cat "$VAR/run.pid" 2>/dev/null || echo '?'))."
      say "Stop it with Ctrl-C in its terminal, or use another TAILGATE_VAR and PORT."
      exit 1
    fi
    echo $$ >"$VAR/run.pid"
    # Everything stops, whichever process of the group the signal reaches
    # first: further signals are ignored while stopping, and so is a
    # terminal or pipe (`make run | tee`) that is already gone (SIGPIPE, write
    # errors). If serve or the worker ends on its own, the rest stops too.
    shutdown() {
      trap '' INT TERM HUP PIPE
      set +e
      { say ""; say "stack: stopping"; } 2>/dev/null
      stop
      rm -f "$VAR/run.pid"
      exit 0
    }
    trap shutdown INT TERM HUP
    trap 'trap "" INT TERM HUP PIPE; set +e; stop; rm -f "$VAR/run.pid"' EXIT
    start
    start_app - || exit 1
    banner
    wait -n || true
    shutdown
    ;;
  start)
    start
    start_app "$LOG/app.log"
    ;;
  stop) stop ;;
  pg-restart)
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null
    pg_start
    ;;
  pg-stop) as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null ;;
  pg-start) pg_start ;;
  psql) shift; psql_admin -d tailgate "$@" ;;
  tailgate) shift; exec "${TG[@]}" "$@" ;;
  env) # shell-quoted, for eval "$(scripts/stack.sh env)"
    for v in $(compgen -e | grep '^TAILGATE_'); do printf 'export %s=%q\n' "$v" "${!v}"; done ;;
  *) say "usage: $0 run|start|stop|pg-restart|psql|tailgate|env"; exit 2 ;;
esac
