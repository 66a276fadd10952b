#!/usr/bin/env bash
# The whole suite on SQLite, then on PostgreSQL. `scripts/test.sh sqlite|postgres` runs one.
# Under CI=true nothing may be skipped for want of a server.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
which=${1:-all}
status=0

run_pytest() {
  "$BIN/python" -m pytest -q "$@"
  local rc=$?
  [ $rc -eq 5 ] && { echo "no tests collected"; return 1; }
  return $rc
}

if [ "$which" = all ] || [ "$which" = sqlite ]; then
  echo "== suite on SQLite =="
  run_pytest || status=1
fi
if [ "$which" = all ] || [ "$which" = postgres ]; then
  echo "== suite on PostgreSQL =="
  if url=$(bash scripts/ensure-postgres.sh); then
    GROUPDECIDE_TEST_DB=postgres GROUPDECIDE_TEST_PG_URL="$url" \
      run_pytest -m "not sqlite_only" tests --ignore=tests/voting || status=1
  else
    if [ "${CI:-}" = true ]; then
      echo "PostgreSQL is required under CI=true and could not be reached or started" >&2
      status=1
    else
      echo "SKIPPED: the PostgreSQL run (no server, and none could be started; see above)"
    fi
  fi
fi
exit $status
