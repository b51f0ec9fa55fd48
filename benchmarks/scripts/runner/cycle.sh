#!/bin/bash
# The runner's 10k-series cycle vs the VictoriaMetrics client alone (target <= 1.3x), against
# Debian's real victoria-metrics started on 127.0.0.1 with a free port and a temporary directory.
#
# Run (from any directory):
#   benchmarks/scripts/runner/cycle.sh [series] [points] [repetitions] [n_workers]
# Defaults: 10000 series x 60 points (1 h at 1 min), 7 repetitions, n_workers 1.
# Builds benchmarks-runner/target/benchmarks-runner.jar when missing (Maven, without installing anything
# into the local repository). See RunnerCycle's Javadoc.
set -euo pipefail
command -v victoria-metrics >/dev/null || { echo "victoria-metrics is not installed" >&2; exit 1; }
cd "$(dirname "$0")/../../.."
JAR=benchmarks-runner/target/benchmarks-runner.jar
if [ ! -f "$JAR" ]; then
  mvn -B -ntp -q -pl benchmarks-runner -am package -DskipTests
fi
exec java -Xmx3g -jar "$JAR" "${1:-10000}" "${2:-60}" "${3:-7}" "${4:-1}" \
  2> >(grep -v ' INFO ' >&2)
