# Helpers shared by scripts/bench/shipper-* (sourced, not run). Every run is bounded in time and cleans up what it
# started (by process id) when it ends.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
GEN="$ROOT/scripts/bench/shipper-gen.py"
AGENT="$ROOT/bin/logging-agent"
JAR="$ROOT/logging-agent/target/logging-agent.jar"
WORK="${SHIPPER_BENCH_DIR:-/tmp/shipper-bench}"
PIDS=()

cleanup() {
  for p in "${PIDS[@]:-}"; do
    [[ -n "$p" ]] && kill "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]:-}"; do
    [[ -n "$p" ]] && wait "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT

need_jar() {
  if [[ ! -f "$JAR" ]]; then
    echo "building $JAR" >&2
    (cd "$ROOT" && mvn -B -q -pl logging-agent -am package -DskipTests)
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# metric NAME PORT: an unlabelled value from the agent's /metrics (empty when not up yet)
metric() {
  { curl -s "http://127.0.0.1:$2/metrics" 2>/dev/null || true; } | awk -v n="$1" '$1 == n {print $2}'
}

# cpu_seconds PID: user+system CPU time of a live process
cpu_seconds() {
  awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"
}

rss_kb() {
  awk '/^VmRSS/ {print $2}' "/proc/$1/status"
}

hwm_kb() {
  awk '/^VmHWM/ {print $2}' "/proc/$1/status"
}

now() {
  date +%s.%N
}

# agent_config FILE GLOB PORT HTTP_PORT REGISTRY [extra yaml for the input]
agent_config() {
  cat > "$1" <<YAML
inputs:
  - id: bench
    paths: ["$2"]
    close: {inactive: 10m}
${6:-}
output.logstash: {hosts: ["127.0.0.1:$3"], compression_level: 3}
registry.path: "$5"
http.port: $4
logging.metrics.period: 10s
YAML
}

machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# threads PID: CPU seconds per live thread, busiest first
threads() {
  for t in /proc/"$1"/task/*; do
    printf "%s=%s " "$(tr ' ' '_' < "$t/comm")" "$(sed 's/.*) //' "$t/stat" | awk '{printf "%.2f(sys:%.2f)", ($12 + $13) / 100, $13 / 100}')"
  done | tr ' ' '\n' | sort -t= -k2 -g -r | head -8 | tr '\n' ' '
  echo
}
