#!/bin/bash
# The runner's 10k-series cycle vs the VictoriaMetrics client alone (issue 4, target <= 1.3x), against
# Debian's real victoria-metrics started on 127.0.0.1 with a free port and a temporary directory.
#
# Run from the repository root:
#   benchmarks/scripts/runner/cycle.sh [series] [points] [repetitions] [n_workers]
# Defaults: 10000 series x 60 points (1 h at 1 min), 7 repetitions, n_workers 1.
# Builds benchmarks/target/benchmarks.jar when missing (offline Maven). See RunnerCycle's Javadoc.
set -euo pipefail
command -v victoria-metrics >/dev/null || { echo "victoria-metrics is not installed" >&2; exit 1; }
JAR=benchmarks/target/benchmarks.jar
if [ ! -f "$JAR" ]; then
  mvn -B -ntp -o -q -pl benchmarks -am install -DskipTests
fi
exec java -Xmx3g -cp "$JAR" dev.vigil.benchmarks.runner.RunnerCycle "${1:-10000}" "${2:-60}" "${3:-7}" "${4:-1}" \
  2> >(grep -v ' INFO ' >&2)
