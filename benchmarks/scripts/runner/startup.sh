#!/bin/bash
# Start-up of the Vigil runner: wall time from the launch of `java -jar vigil.jar CONFIG` to the log
# line "first job" (the scheduler's first job about to run), N runs, prints every run and the median,
# with the JVM's CPU time (user + sys, all threads, from /proc/PID/stat) at that moment as a
# load-independent cross-check (read right after the line arrives, so it may include the first
# milliseconds of the first job).
#
# Run from the repository root after `mvn -B -ntp -q -pl anomaly-runner -am -DskipTests package`:
#   benchmarks/scripts/runner/startup.sh [N] [CONFIG] [extra JVM flags...]
# Defaults: N=11, CONFIG=deploy/vigil-file-config.yml, default JVM flags. Also prints the machine's
# load average before and after, and `vigil --version` wall time (N runs, median) for comparison.
# The log timestamps have millisecond resolution; the launch time is taken just before exec.
set -euo pipefail
N=${1:-11}
CONFIG=${2:-deploy/vigil-file-config.yml}
shift $(( $# >= 2 ? 2 : $# )) || true
JVM_FLAGS=("$@")
JAR=${JAR:-anomaly-runner/target/vigil.jar}
[ -f "$JAR" ] || { echo "no $JAR: build anomaly-runner first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(java -version 2>&1 | head -1)"
for i in $(seq 1 "$N"); do
  t0=$(date +%s.%N)
  # The log goes through a FIFO to a blocking grep: polling the log file from this shell would compete
  # with the JVM for the two cores and inflate the figure (by ~0.2-0.3 s on an idle 2-core machine).
  rm -f "$tmp/fifo"; mkfifo "$tmp/fifo"
  java "${JVM_FLAGS[@]}" -jar "$JAR" "$CONFIG" 2>"$tmp/fifo" >/dev/null &
  pid=$!
  line=$(grep -m1 'first job' <"$tmp/fifo" || true)
  # CPU time (user + sys, all threads) of the JVM so far, in clock ticks, read just after the line.
  cpu=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$line" ]; then
    echo "run $i: no 'first job' line (run the same command by hand to see its log)" >&2
    exit 1
  fi
  ts=${line%% *}
  t1=$(date -d "$ts" +%s.%N)
  echo "$t0 $t1 $cpu $(getconf CLK_TCK)" | awk -v i="$i" '{printf "run %d: %.3f s wall, %.2f s CPU\n", i, $2 - $1, $3 / $4}' \
    | tee -a "$tmp/runs"
done
echo "launch to first job, median of $N: $(awk '{print $3}' "$tmp/runs" | median) s wall (min $(awk '{print $3}' "$tmp/runs" | sort -n | head -1), max $(awk '{print $3}' "$tmp/runs" | sort -n | tail -1)); CPU (user+sys, all threads) median $(awk '{print $6}' "$tmp/runs" | median) s"
for i in $(seq 1 "$N"); do
  t0=$(date +%s.%N)
  java "${JVM_FLAGS[@]}" -jar "$JAR" --version >/dev/null 2>&1
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}' >>"$tmp/version"
done
echo "vigil --version wall, median of $N: $(median <"$tmp/version") s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
