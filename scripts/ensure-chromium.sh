#!/usr/bin/env bash
# Prints the path of a Chromium for the browser tests: Debian's package, installed when missing
# and we are root. Exits non-zero with a reason when there is none.
set -uo pipefail
for c in "${GROUPDECIDE_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2 \
    || { echo "could not install chromium" >&2; exit 1; }
  [ -x /usr/bin/chromium ] && { echo /usr/bin/chromium; exit 0; }
fi
echo "no Chromium found and it cannot be installed here (needs root and apt-get)" >&2
exit 1
