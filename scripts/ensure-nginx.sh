#!/usr/bin/env bash
# Prints the path of an nginx for tests/deploy/test_nginx.py: the one on PATH (or
# $GROUPDECIDE_NGINX), else Debian's package, installed when missing and we are root.
# Exits non-zero with a reason when there is none.
set -uo pipefail
for c in "${GROUPDECIDE_NGINX:-}" "$(command -v nginx 2>/dev/null)" /usr/sbin/nginx; do
  if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's nginx..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx) >&2 \
    || { echo "could not install nginx" >&2; exit 1; }
  [ -x /usr/sbin/nginx ] && { echo /usr/sbin/nginx; exit 0; }
fi
echo "no nginx found and it cannot be installed here (needs root and apt-get)" >&2
exit 1
