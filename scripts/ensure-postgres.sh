#!/usr/bin/env bash
# Prints a PostgreSQL admin URL that the tests can use: the local server on 127.0.0.1:5432 if it
# answers; else a throwaway cluster started from Debian's packages (installed if missing and we
# are root). Exits non-zero with a reason on stderr when neither is possible.
set -uo pipefail
PORT_LOCAL=5432
url_local="postgresql+psycopg://postgres@127.0.0.1:${PORT_LOCAL}/postgres"

answers() { python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
try:
    s.connect((sys.argv[1], int(sys.argv[2]))); print("yes")
except OSError:
    print("no")
PY
}

if [ "$(answers 127.0.0.1 $PORT_LOCAL)" = yes ] && command -v pg_isready >/dev/null 2>&1 \
   && pg_isready -q -h 127.0.0.1 -p $PORT_LOCAL -U postgres; then
  echo "$url_local"; exit 0
fi
if [ "$(answers 127.0.0.1 $PORT_LOCAL)" = yes ] && ! command -v pg_isready >/dev/null 2>&1; then
  echo "$url_local"; exit 0
fi

# No server: start a throwaway cluster.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing PostgreSQL from Debian's packages..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 \
      || { echo "could not install postgresql" >&2; exit 1; }
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  else
    echo "PostgreSQL is not installed and cannot be installed here (needs root and apt-get)" >&2
    exit 1
  fi
fi
PORT=54329
DIR=${TMPDIR:-/tmp}/groupdecide-pg
if [ "$(answers 127.0.0.1 $PORT)" != yes ]; then
  rm -rf "$DIR"; mkdir -p "$DIR"
  RUN=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$DIR"; RUN=(runuser -u postgres --)
  fi
  "${RUN[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null \
    || { echo "initdb failed" >&2; exit 1; }
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" \
    -l "$DIR/log" -w start >/dev/null || { echo "pg_ctl start failed" >&2; exit 1; }
fi
echo "postgresql+psycopg://postgres@127.0.0.1:${PORT}/postgres"
