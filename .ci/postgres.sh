# Source this file to get a throwaway PostgreSQL cluster on a loopback port:
#   . .ci/postgres.sh && pg_start && echo "$DATABASE_URL" ... ; pg_stop
# initdb runs as the `postgres` user when we are root (it refuses root). The
# cluster lives in a temporary folder, removed by pg_stop.

pg_bin() {
  local bin
  bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "Installing PostgreSQL" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$bin"
}

pg_as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

pg_start() {
  PG_BIN=$(pg_bin)
  PG_DIR=$(mktemp -d /tmp/polsec-pg.XXXXXX)
  PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')}
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  pg_as_postgres "'$PG_BIN/initdb' -D '$PG_DIR/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
  pg_as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/log' -w -o \"-p $PG_PORT -k '$PG_DIR' -c listen_addresses=127.0.0.1 ${PG_OPTIONS:-}\" start" >/dev/null
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres polsec
  export PG_BIN PG_DIR PG_PORT
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/polsec"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  unset PG_DIR
}
