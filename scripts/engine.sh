#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock: installs Debian's docker.io when no engine
# is installed, starts dockerd when it is not running. Needs root on a fresh machine; idempotent.
set -euo pipefail
SOCK=/var/run/docker.sock

ping_engine() { curl -sf --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; }

if ping_engine; then
  echo "engine: Docker answers on $SOCK"
  exit 0
fi

if [ ! -x /usr/sbin/dockerd ] && [ ! -x /usr/bin/dockerd ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "engine: no Docker engine is installed and this is not root; install docker.io (apt-get install docker.io) or run as root" >&2
    exit 1
  fi
  echo "engine: installing Debian's docker.io and busybox-static"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io busybox-static >/dev/null
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "engine: dockerd is not running and this is not root; start it with 'sudo dockerd &'" >&2
    exit 1
  fi
  echo "engine: starting dockerd (log: /var/log/flotilla-dockerd.log)"
  nohup dockerd >/var/log/flotilla-dockerd.log 2>&1 &
fi

for _ in $(seq 1 150); do
  if ping_engine; then echo "engine: Docker is up"; exit 0; fi
  sleep 0.2
done
echo "engine: dockerd did not answer within 30 s; see /var/log/flotilla-dockerd.log" >&2
tail -20 /var/log/flotilla-dockerd.log >&2 || true
exit 1
