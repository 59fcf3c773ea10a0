#!/usr/bin/env bash
# Makes sure the headless browser the UI tests drive is installed: Debian's chromium (/usr/bin/chromium) and
# chromium-driver (/usr/bin/chromedriver). Installs both with apt-get when either is missing. Needs root on a
# fresh machine; idempotent. Selenium is always pointed at these two files and never downloads a driver.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver

if [ -x "$CHROMIUM" ] && [ -x "$DRIVER" ]; then
  echo "browser: $CHROMIUM and $DRIVER are installed"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "browser: $CHROMIUM or $DRIVER is missing and this is not root; install them with" \
       "'sudo apt-get install chromium chromium-driver'" >&2
  exit 1
fi

echo "browser: installing Debian's chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l NEEDRESTART_SUSPEND=1
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null

for f in "$CHROMIUM" "$DRIVER"; do
  if [ ! -x "$f" ]; then
    echo "browser: $f is still missing after apt-get install chromium chromium-driver" >&2
    exit 1
  fi
done
echo "browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium), $("$DRIVER" --version 2>/dev/null | head -1 || echo chromedriver)"
