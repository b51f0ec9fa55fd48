#!/bin/bash
# One machine at scale: the runner's periodic fit cycle and infer cycles per model class next to the raw
# VictoriaMetrics read and write of the same data (ScaleCycle), against Debian's real victoria-metrics
# started here on 127.0.0.1 with a free port and a temporary directory (removed at exit), one instance per
# series count.
#
# Run (from any directory):
#   benchmarks/scripts/scale.sh SERIES[,SERIES...] FIT_POINTS INFER_POINTS MODEL_CLASS...
#   e.g. nice -n 10 benchmarks/scripts/scale.sh 10000,100000 1441 10 zscore_online mad_online prophet
# Each model runs in a fresh JVM so that its peak resident memory is its own: JAVA_OPTS, default the
# runner's bin/vigil defaults with -Xmx of 100 KB per series, at least 4 GB (XMX overrides it). The series
# are imported once per count (FIT_POINTS + (1 + REPS) x INFER_POINTS one-minute points each): after
# the fit, a first infer cycle, then REPS (default 3) more whose median is compared with the client's.
# IDLE=N (seconds) also reports the resident memory after N idle seconds (try 40 with the
# G1PeriodicGCInterval of 30 s). FIT_REPS=N runs the fit N more times and compares the last one
# (compiled code, as a long-running runner's next periodic fits). JFR=DIR records each JVM with Java
# Flight Recorder (settings "profile", ~2 % overhead) into DIR/SERIES-MODEL.jfr (-wN with :N); keep the output in a
# log and run benchmarks/scripts/scale-profile.py LOG DIR/SERIES-MODEL.jfr to see where each phase's
# time goes. REPS=0 compares the first (cold) infer cycle. RAW=first runs the client's read and write with
# the first model only (they do not depend on the model; saves their time at a million series), RAW=none
# with none (e.g. to try a smaller -Xmx for the runner alone). WORKERS=N sets the runner's settings.n_workers
# (default 1, vmanomaly's default; 0 = all cores); MODEL_CLASS:N sets it for one model (e.g. prophet:2).
# MAX_POINTS=N splits every read longer than N points per series into chunks (max_points_per_query; default
# 100000, one request), SPILL=DIR parks them there while a read lasts (default the JVM's temporary
# directory; SPILL=none holds them in memory). INTERLEAVE=1 runs each of the client's cycles right after the
# runner's cycle over the same range (same state of victoria-metrics and of the machine for both) instead
# of all of them after the runner's. MODEL_ARGS adds to the model's arguments, e.g. MODEL_ARGS='groupby: [cpu]'
# for peer_outlier (16 groups of peers; its query is read whole and parked on disk, or held in memory with
# SPILL=none).
# Builds benchmarks-runner/target/benchmarks-runner.jar when missing.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,32p' "$0" >&2; exit 2; }
command -v victoria-metrics >/dev/null || { echo "victoria-metrics is not installed" >&2; exit 1; }
cd "$(dirname "$0")/../.."
# SCALE_JAR: a copy of the jar, so that a build during a long run does not replace it under the JVM.
JAR=${SCALE_JAR:-benchmarks-runner/target/benchmarks-runner.jar}
if [ ! -f "$JAR" ]; then
  mvn -B -ntp -q -pl benchmarks-runner -am package -DskipTests
fi
counts=$1 fit=$2 infer=$3
shift 3
for series in ${counts//,/ }; do
  [[ $series =~ ^[1-9][0-9]*$ ]] || { echo "SERIES must be positive integers separated by commas, got '$counts'" >&2; exit 2; }
done

vm=
dir=
stop_vm() {
  if [ -n "$vm" ]; then kill "$vm" 2>/dev/null || true; wait "$vm" 2>/dev/null || true; fi
  if [ -n "$dir" ]; then rm -rf "$dir"; fi
  vm= dir=
}
trap stop_vm EXIT
trap 'exit 143' INT TERM

for series in ${counts//,/ }; do
  heap_mb=$((series * 100 / 1024)); [ "$heap_mb" -ge 4096 ] || heap_mb=4096
  opts=${JAVA_OPTS:--XX:+UseG1GC -Xmx${XMX:-${heap_mb}m} -XX:G1PeriodicGCInterval=30000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30}
  dir=$(mktemp -d -t vigil-scale-XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # -search.disableCache: the runner and the raw reads that follow it both read from the storage.
  victoria-metrics -storageDataPath="$dir/data" -httpListenAddr="127.0.0.1:$port" -retentionPeriod=100y \
    -search.disableCache -search.maxUniqueTimeseries=10000000 -search.maxQueryDuration=10m -loggerLevel=ERROR >"$dir/vm.log" 2>&1 &
  vm=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -fs "$url/health" >/dev/null && break; sleep 0.1; done
  echo "== $series series, load average $(cut -d' ' -f1-3 /proc/loadavg), JVM options: $opts"
  # shellcheck disable=SC2086
  java $opts -cp "$JAR" dev.vigil.benchmarks.runner.ScaleCycle import "$url" "$series" $((fit + (1 + ${REPS:-3}) * infer))
  raw=true
  if [ "${RAW:-}" = none ]; then raw=false; fi
  for spec in "$@"; do
    model=${spec%%:*} workers=${WORKERS:-1} name=$series-${spec%%:*}
    if [ "$model" != "$spec" ]; then workers=${spec#*:} name=$name-w$workers; fi
    jfr=
    if [ -n "${JFR:-}" ]; then mkdir -p "$JFR"; jfr="-XX:StartFlightRecording=settings=profile,filename=$JFR/$name.jfr"; fi
    # shellcheck disable=SC2086
    java $opts $jfr -Dscale.idleSeconds="${IDLE:-0}" -Dscale.inferRepeats="${REPS:-3}" -Dscale.fitRepeats="${FIT_REPS:-0}" -Dscale.workers="$workers" -Dscale.vmPid="$vm" -Dscale.raw="$raw" -Dscale.maxPoints="${MAX_POINTS:-100000}" -Dscale.spill="${SPILL:-}" -Dscale.interleave="${INTERLEAVE:+true}" -Dscale.modelArgs="${MODEL_ARGS:-}" -cp "$JAR" dev.vigil.benchmarks.runner.ScaleCycle run "$url" "$model" "$series" "$fit" "$infer" \
      2> >(grep -v ' INFO ' >&2)
    if [ "${RAW:-}" = first ]; then raw=false; fi
    echo "victoria-metrics peak RSS so far: $(awk '/VmHWM/ {print int($2 / 1024) " MB"}' /proc/$vm/status)"
  done
  stop_vm
done
