#!/bin/bash
# Heap per series with models in the heap vs on-disk mode (VMANOMALY_MODEL_DUMPS_DIR without
# restore_state), and StateStore save/load time vs a raw file of the same bytes, per model class.
#
# Run (from any directory):
#   benchmarks/scripts/runner/state-footprint.sh [series] [points] [repetitions] [model classes...]
# Defaults: 100000 series x 60 points, 5 repetitions, zscore_online and quantile_online.
# Builds benchmarks-runner/target/benchmarks-runner.jar when missing (Maven, without installing anything
# into the local repository). See StateFootprint's Javadoc.
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=benchmarks-runner/target/benchmarks-runner.jar
if [ ! -f "$JAR" ]; then
  mvn -B -ntp -q -pl benchmarks-runner -am package -DskipTests
fi
SERIES="${1:-100000}"; POINTS="${2:-60}"; REPS="${3:-5}"
shift $(( $# < 3 ? $# : 3 ))
exec java -Xmx6g -XX:+UseSerialGC -cp "$JAR" dev.vigil.benchmarks.runner.StateFootprint \
  "$SERIES" "$POINTS" "$REPS" "$@" 2> >(grep -v ' INFO ' >&2)
