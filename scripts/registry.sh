#!/usr/bin/env bash
# Makes sure the tools for the private-registry tests are installed: Debian's docker-registry (the Distribution
# registry v2), apache2-utils (htpasswd, bcrypt) and openssl. Tests start their own registry on a free port
# (testkit PrivateRegistry); the system service that Debian's package ships must NOT run, because port 5000 belongs
# to the product's visualizer: it is stopped and disabled. Needs root on a fresh machine; idempotent.
set -euo pipefail

SERVICE=docker-registry
PIDFILE=/var/run/$SERVICE.pid

missing=()
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "registry: ${missing[*]} missing and this is not root; run: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "registry: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l NEEDRESTART_SUSPEND=1
  # keep the package's service from starting during the install (only when no policy is in place already)
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  status=0
  { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; } || status=$?
  if [ "$policy_added" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  if [ "$status" != 0 ]; then
    echo "registry: apt-get install ${missing[*]} failed (exit $status)" >&2
    exit "$status"
  fi
fi

# the system service: disabled, and not running
if [ "$(id -u)" = 0 ]; then
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now "$SERVICE" >/dev/null 2>&1 || true
  fi
  if [ -x "/etc/init.d/$SERVICE" ]; then
    if command -v update-rc.d >/dev/null 2>&1; then
      update-rc.d "$SERVICE" disable >/dev/null 2>&1 || true
    fi
    if [ -f "$PIDFILE" ]; then
      "/etc/init.d/$SERVICE" stop >/dev/null 2>&1 || true
    fi
  fi
  # a service process that is still there (started some other way): find it by its pid file or by its listening socket
  pids=""
  if [ -f "$PIDFILE" ]; then
    pid=$(cat "$PIDFILE" 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$SERVICE" ]; then pids="$pid"; fi
  fi
  if command -v ss >/dev/null 2>&1; then
    pids="$pids $(ss -Hltnp 'sport = :5000' 2>/dev/null | grep -o "\"$SERVICE\",pid=[0-9]*" | sed 's/.*pid=//' || true)"
  fi
  for pid in $pids; do
    echo "registry: stopping the system's $SERVICE (pid $pid), port 5000 is the visualizer's"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$PIDFILE"
fi

if ss -Hltnp 'sport = :5000' 2>/dev/null | grep -q "\"$SERVICE\""; then
  echo "registry: a $SERVICE process still listens on port 5000; stop it (systemctl disable --now $SERVICE)" >&2
  exit 1
fi
echo "registry: ready: $(/usr/bin/docker-registry --version | awk '{print $NF}'), htpasswd, openssl; system service off"
