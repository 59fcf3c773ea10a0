#!/usr/bin/env bash
# Shared by scripts/bench/services-*: a Flotilla cluster of real daemons on this machine's Docker engine
# (127.0.0.x addresses, data under orchestrator/target/bench-services), and helpers to time services.
# FLOTILLA_JAR (default orchestrator/target/flotilla.jar, built unless SKIP_BUILD=1) and NODES (default 1).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
DOCKER=${DOCKER:-/usr/bin/docker}
IMAGE=${IMAGE:-flotilla-test/busybox:local}
NODES=${NODES:-1}
JAR=${FLOTILLA_JAR:-$root/orchestrator/target/flotilla.jar}
work="$root/orchestrator/target/bench-services/$(date +%s)"
pids=()
if [[ "${SKIP_BUILD:-}" != "1" && -z "${FLOTILLA_JAR:-}" ]]; then
  (cd "$root" && mvn -B -q -pl orchestrator package -DskipTests)
fi
"$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1 || { echo "image $IMAGE is missing: run scripts/images.sh" >&2; exit 2; }
export FLOTILLA_CONTAINER_LABELS="dev.flotilla.test=true,dev.flotilla.bench=services"
# the benchmark measures the orchestrator: no visualizer listener (--ui-addr none on init and join)
DAEMON_JVM=${DAEMON_JVM:--Xms64m -Xmx256m -XX:+UseSerialGC}

# the CLI as users run it: bin/flotilla, with its class-data archive kept under the bench's work dir
flotilla() {
  XDG_CACHE_HOME="$work/cache" FLOTILLA_JAR="$JAR" "$root/bin/flotilla" "$@"
}

# start_cluster: an init node and NODES-1 workers, heartbeat 1s; waits until all are Ready
start_cluster() {
  mkdir -p "$work"
  local host=127.0.0.180
  # shellcheck disable=SC2086
  java $DAEMON_JVM -cp "$JAR" dev.flotilla.orchestrator.cli.Main init --config "$work/cfg.json" \
    --heartbeat-period 1s --advertise-addr $host:7420 --data-dir "$work/n1" --hostname bench-1 --ui-addr none --foreground \
    > "$work/n1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do grep -q "Cluster initialized" "$work/n1.log" && break; sleep 0.5; done
  local token
  token=$(flotilla join-token --config "$work/cfg.json" -q worker)
  for i in $(seq 2 "$NODES"); do
    # shellcheck disable=SC2086
    java $DAEMON_JVM -cp "$JAR" dev.flotilla.orchestrator.cli.Main join --token "$token" \
      --advertise-addr 127.0.0.$((179 + i)):7420 --data-dir "$work/n$i" --hostname "bench-$i" --foreground \
      $host:7420 > "$work/n$i.log" 2>&1 &
    pids+=($!)
  done
  for _ in $(seq 1 120); do
    [[ $(flotilla node ls --config "$work/cfg.json" | grep -c " Ready ") -eq $NODES ]] && break
    sleep 0.5
  done
  MANAGER=$host:7420
  CRED=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['credential'])" "$work/cfg.json")
  # the cluster CA the CLI pins, for curl and services-wait.py (the API speaks only TLS)
  CA_FILE="$work/ca.crt"
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['caCertificate'])" "$work/cfg.json" > "$CA_FILE"
  export MANAGER CRED CA_FILE
}

stop_cluster() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
  local left
  left=$("$DOCKER" ps -aq --filter label=dev.flotilla.bench=services)
  [[ -z "$left" ]] || "$DOCKER" rm -f $left >/dev/null
}

# flotilla_running NAME: running tasks of a service, from the manager's API (cheap: curl, no JVM)
flotilla_running() {
  curl -sf --cacert "$CA_FILE" -H "Authorization: Bearer $CRED" "https://$MANAGER/v1/services" | python3 -c "
import json, sys
print(next((s['running'] for s in json.load(sys.stdin) if s['service']['spec']['name'] == sys.argv[1]), 0))" "$1"
}

# wait_until SECONDS CMD...: polls CMD every 50 ms until it succeeds; prints elapsed seconds since START_NS
wait_until() {
  local limit=$1; shift
  local deadline=$(( $(date +%s%N) + limit * 1000000000 ))
  until "$@"; do
    if (( $(date +%s%N) > deadline )); then echo "timeout"; return 1; fi
    sleep 0.05
  done
  python3 -c "import sys; print(f'{(int(sys.argv[1]) - int(sys.argv[2])) / 1e9:.2f}')" "$(date +%s%N)" "$START_NS"
}
