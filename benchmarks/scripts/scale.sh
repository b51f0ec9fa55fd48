#!/bin/bash
# One machine at scale: the runner's periodic fit cycle and infer cycle per model class next to the raw
# VictoriaMetrics read and write of the same data (ScaleCycle), against Debian's real victoria-metrics
# started here on 127.0.0.1 with a free port and a temporary directory (removed at exit).
#
# Run (from any directory):
#   benchmarks/scripts/scale.sh SERIES FIT_POINTS INFER_POINTS MODEL_CLASS...
#   e.g. benchmarks/scripts/scale.sh 10000 61 10 zscore_online mad_online quantile_online vigil_online
# Each model runs in a fresh JVM (JAVA_OPTS, default the runner's bin/vigil defaults with -Xmx4g) so
# that its peak resident memory is its own. The series are imported once (FIT_POINTS + INFER_POINTS
# one-minute points each). IDLE=N (seconds) also reports the resident memory after N idle seconds
# (try 40 with the default G1PeriodicGCInterval of 30 s). Builds benchmarks-runner/target/benchmarks-runner.jar when missing.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
command -v victoria-metrics >/dev/null || { echo "victoria-metrics is not installed" >&2; exit 1; }
cd "$(dirname "$0")/../.."
# SCALE_JAR: a copy of the jar, so that a build during a long run does not replace it under the JVM.
JAR=${SCALE_JAR:-benchmarks-runner/target/benchmarks-runner.jar}
if [ ! -f "$JAR" ]; then
  mvn -B -ntp -q -pl benchmarks-runner -am package -DskipTests
fi
series=$1 fit=$2 infer=$3
shift 3
opts=${JAVA_OPTS:--XX:+UseG1GC -Xmx4g -XX:G1PeriodicGCInterval=30000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30}

dir=$(mktemp -d -t vigil-scale-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# -search.disableCache: the runner and the raw reads that follow it both read from the storage.
victoria-metrics -storageDataPath="$dir/data" -httpListenAddr="127.0.0.1:$port" -retentionPeriod=100y \
  -search.disableCache -search.maxUniqueTimeseries=10000000 -search.maxQueryDuration=10m -loggerLevel=ERROR >"$dir/vm.log" 2>&1 &
vm=$!
trap 'kill $vm 2>/dev/null; wait $vm 2>/dev/null; rm -rf "$dir"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$url/health" >/dev/null && break; sleep 0.1; done

# shellcheck disable=SC2086
java $opts -cp "$JAR" dev.vigil.benchmarks.runner.ScaleCycle import "$url" "$series" $((fit + infer))
for model in "$@"; do
  # shellcheck disable=SC2086
  java $opts -Dscale.idleSeconds="${IDLE:-0}" -cp "$JAR" dev.vigil.benchmarks.runner.ScaleCycle run "$url" "$model" "$series" "$fit" "$infer" \
    2> >(grep -v ' INFO ' >&2)
  echo "victoria-metrics peak RSS so far: $(awk '/VmHWM/ {print int($2 / 1024) " MB"}' /proc/$vm/status)"
done
