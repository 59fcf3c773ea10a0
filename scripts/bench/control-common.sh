#!/usr/bin/env bash
# Shared by scripts/bench/control-*: builds the orchestrator (jar + test classes) and runs ControlPlaneBench with
# real daemon processes on 127.0.0.x. Daemons get production-like JVM options (server compiler, 256 MB, Serial GC).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -pl orchestrator package -DskipTests
fi
cp_file="$root/orchestrator/target/bench.classpath"
mvn -B -q -pl orchestrator dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
cp="orchestrator/target/test-classes:orchestrator/target/classes:$(cat "$cp_file")"
run_bench() {
  java -Xmx512m \
    -Dflotilla.jar="$root/orchestrator/target/flotilla.jar" \
    -Dflotilla.it.dir="$root/orchestrator/target/bench" -Dbench.root="$root" \
    -Dflotilla.member.jvm="${BENCH_MEMBER_JVM:--Xms64m -Xmx256m -XX:+UseSerialGC -Dflotilla.log.level=INFO}" \
    ${BENCH_ELECTION:+-Dbench.election=$BENCH_ELECTION} ${BENCH_MANAGERS:+-Dbench.managers=$BENCH_MANAGERS} ${BENCH_WARMUP:+-Dbench.warmup=$BENCH_WARMUP} \
    -cp "$cp" dev.flotilla.orchestrator.bench.ControlPlaneBench "$@"
}
