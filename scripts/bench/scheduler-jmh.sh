#!/usr/bin/env bash
# Scheduler placements per second (JMH, in process, 1,000 nodes). Extra arguments go to JMH, for example
#   scripts/bench/scheduler-jmh.sh -wi 1 -i 2          (a quick run)
#   scripts/bench/scheduler-jmh.sh oneService           (one benchmark)
# Results: docs/benchmarks/scheduler.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -f orchestrator/pom.xml test-compile
CP_FILE=orchestrator/target/bench-classpath.txt
mvn -B -q -f orchestrator/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$(pwd)/$CP_FILE" >/dev/null
FILTER=dev.flotilla.orchestrator.bench.SchedulerBenchmark
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then FILTER="$FILTER.*$1"; shift; fi
exec java -cp "orchestrator/target/test-classes:orchestrator/target/classes:$(cat "$CP_FILE")" \
  org.openjdk.jmh.Main "$FILTER" -rf json -rff orchestrator/target/jmh-scheduler.json "$@"
