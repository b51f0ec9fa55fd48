#!/usr/bin/env bash
# Side-by-side speed of Vigil's prophet (JMH, ProphetBenchmark) and R prophet (compare_r.R) on the same
# series shape: 4 032 five-minute points, daily + weekly seasonality, 1 000 uncertainty samples.
# Usage, from the repository root after `mvn -B -ntp -q -pl benchmarks -am package -DskipTests`:
#   benchmarks/scripts/prophet/compare_r.sh [R repetitions, default 3]
# Needs Rscript with the prophet package (Debian: r-cran-prophet) and python3. Prints both timings and
# the ratio R / Vigil for fit, predict and fit + predict.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "missing $jar: build it with mvn -B -ntp -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "R prophet $(Rscript -e 'cat(as.character(packageVersion("prophet")))' 2>/dev/null) ..." >&2
Rscript "$here/compare_r.R" "${1:-3}" 2>/dev/null | tee "$tmp/r.txt"

echo "Vigil prophet (JMH) ..." >&2
java -jar "$jar" 'dev.vigil.benchmarks.prophet.ProphetBenchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s \
  -rf json -rff "$tmp/jmh.json" > "$tmp/jmh.txt"
grep -E '^(Benchmark|ProphetBenchmark)' "$tmp/jmh.txt" || tail -5 "$tmp/jmh.txt"

python3 - "$tmp/r.txt" "$tmp/jmh.json" <<'PY'
import json, sys
r = dict(line.split()[:2] for line in open(sys.argv[1]) if line.strip())
fit_r, pred_r = float(r["fit_s"]), float(r["predict_s"])
ms = {b["benchmark"].rsplit(".", 1)[1]: b["primaryMetric"]["score"] for b in json.load(open(sys.argv[2]))}
rows = [("fit", fit_r, ms["fit"]), ("predict", pred_r, ms["predict"]),
        ("fit + predict", fit_r + pred_r, ms["fitAndPredict"])]
print(f"{'':14} {'R prophet (s)':>14} {'Vigil (ms)':>11} {'ratio':>8}")
for name, rs, vm in rows:
    print(f"{name:14} {rs:14.3f} {vm:11.2f} {rs * 1000 / vm:7.0f}x")
PY
