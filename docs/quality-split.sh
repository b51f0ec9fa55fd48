#!/bin/sh
# The held-out protocol behind the defaults of docs/quality.md. NAB's 58 labelled files, sorted by name,
# are split alternately: even positions are half a, odd positions half b (`evaluate --split a|b`). Defaults
# were chosen on half a only (among the candidates below, each with a reason besides its score); half b
# reports them on files they were not chosen on; `--split all` gives the whole-corpus figures.
# Every run uses evaluate's default protocol (fit on NAB's probation, refit every 2h on the last 14 days).
# Usage (from the repository root, after `mvn -B -ntp -q -pl anomaly-runner -am -DskipTests package`):
#   NAB=/path/to/NAB docs/quality-split.sh > target/quality-split.txt
# About 25 minutes on an idle 2-core machine (prophet and holtwinters are most of it).
set -e
NAB=${NAB:-../shared/nab}
export JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
ev() { bin/vigil evaluate -q --data "$NAB/data" --labels "$NAB/labels/combined_windows.json" "$@"; }

echo "## candidates for the new defaults, half a only"
ev --split a --profile standard \
   -m zscore_online -a decay=1 -m zscore_online -a decay=0.999 -m zscore_online -a decay=0.998 \
   -m rolling_quantile -a quantile=0.99 -a window_steps=100 -m rolling_quantile -a quantile=0.99 -a window_steps=1000 \
   -m rolling_quantile -a quantile=0.999 -a window_steps=1000 -m rolling_quantile -a quantile=0.999 -a window_steps=2000 \
   -m std -a period=288 -m std -a period=auto -m std -a period=48 -m std -a period=24 \
   -m holtwinters -a seasonality=1d -m holtwinters -a seasonality=auto

for s in b a all; do
  echo "## every model with its defaults (and the previous defaults or required arguments), split $s"
  ev --split "$s" --scores "$NAB/golden/windowedGaussian" \
     -m baseline_rolling_z \
     -m zscore -m zscore_online -a decay=1 --name "zscore_online{decay=1} (previous default)" \
     -m model.zscore.ZscoreModel -m mad -m model.mad.MADModel -m quantile_online \
     -m rolling_quantile -m rolling_quantile -a quantile=0.99 -a window_steps=100 \
     -m std -m std -a period=288 \
     -m holtwinters -m holtwinters -a seasonality=1d \
     -m prophet
done
