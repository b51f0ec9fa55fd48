#!/bin/sh
# Regenerates the measurements behind docs/quality.md: every supported model with its defaults and
# over a small grid of the arguments that change the ORDER of its scores (pure scale arguments such
# as z_threshold or threshold are left alone: NAB optimises one threshold per profile over the
# corpus, so multiplying every score by a constant cannot change a NAB score). Each family runs in
# one JVM, so the corpus is read once per family. Every run uses evaluate's default protocol: fit on
# NAB's probation, then refit every model from scratch every 2h on the trailing 14 days (the vmanomaly
# alerting tutorial's periodic scheduler); one section repeats the defaults with --fit-every never.
# Usage (from the repository root, after `mvn -B -ntp -q -pl anomaly-runner -am -DskipTests package`):
#   NAB=/path/to/NAB docs/quality-grid.sh > target/quality.txt
# NAB is a checkout of the Numenta Anomaly Benchmark (data/ and labels/); JAVA_OPTS defaults to -Xmx1g.
# HEAVY=1 also searches prophet and holtwinters (about 30 minutes more on an idle 2-core machine).
set -e
NAB=${NAB:-../shared/nab}
export JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
ev() { bin/vigil evaluate -q --data "$NAB/data" --labels "$NAB/labels/combined_windows.json" "$@"; }

echo "## published detector and baseline"
ev --scores "$NAB/golden/windowedGaussian" \
   -m baseline_rolling_z \
   -m baseline_rolling_z -a window=20 -m baseline_rolling_z -a window=50 \
   -m baseline_rolling_z -a window=200 -m baseline_rolling_z -a window=500

echo "## defaults with the fit-once protocol (--fit-every never), for comparison"
ev --fit-every never -m model.zscore.ZscoreModel -m zscore_online -m model.mad.MADModel -m mad_online -m quantile_online \
   -m rolling_quantile -a quantile=0.99999 -a window_steps=5000 -m std -a period=48 -m vigil_online

echo "## vigil_online with its defaults (chosen on half A; quality.md has the halves' figures)"
ev -m vigil_online

if [ -n "$HEAVY" ]; then
  echo "## holtwinters: seasonality is required (1d is the table's default row); coordinate search over the"
  echo "## season, the trend and the initialisation (z_threshold only scales the scores)"
  ev -m holtwinters -a seasonality=1d -m holtwinters -a seasonality=auto -m holtwinters -a args.seasonal=none \
     -m holtwinters -a seasonality=1d -a args.initialization_method=heuristic \
     -m holtwinters -a seasonality=1d -a args.trend=add \
     -m holtwinters -a seasonality=1d -a args.trend=add -a args.damped_trend=true \
     -m holtwinters -a args.seasonal=none -a args.trend=add -a args.damped_trend=true \
     -m holtwinters -a seasonality=1w
  echo "## prophet: defaults, then one argument at a time, then the best two combined"
  ev -m prophet \
     -m prophet -a args.interval_width=0.95 -m prophet -a args.interval_width=0.98 \
     -m prophet -a args.interval_width=0.99 \
     -m prophet -a args.changepoint_prior_scale=0.01 -m prophet -a args.changepoint_prior_scale=0.5 \
     -m prophet -a args.seasonality_mode=multiplicative -m prophet -a args.changepoint_range=0.95
  ev -m prophet -a args.changepoint_prior_scale=0.5 -a args.interval_width=0.98 \
     -m prophet -a args.changepoint_prior_scale=0.5 -a args.interval_width=0.99 \
     -m prophet -a args.changepoint_prior_scale=1.0
fi

echo "## the offline z-score, model.zscore.ZscoreModel (the alias zscore means zscore_online; only scale arguments, so defaults only)"
ev -m model.zscore.ZscoreModel -m model.zscore.ZscoreModel -a min_rel_dev_from_expected=5 -m model.zscore.ZscoreModel -a min_rel_dev_from_expected=10

echo "## zscore_online"
ev -m zscore_online \
   -m zscore_online -a decay=0.999 -m zscore_online -a decay=0.995 -m zscore_online -a decay=0.99 \
   -m zscore_online -a decay=0.98 -m zscore_online -a decay=0.95 \
   -m zscore_online -a min_rel_dev_from_expected=5 -m zscore_online -a min_rel_dev_from_expected=10

echo "## the offline MAD (model.mad.MADModel) / mad_online (= the alias mad)"
ev -m model.mad.MADModel -m model.mad.MADModel -a min_rel_dev_from_expected=5 -m model.mad.MADModel -a min_rel_dev_from_expected=10 \
   -m model.mad.MADModel -a min_rel_dev_from_expected=20 \
   -m mad_online -m mad_online -a decay=0.99 -m mad_online -a min_rel_dev_from_expected=5 \
   -m mad_online -a min_rel_dev_from_expected=10 -m mad_online -a min_rel_dev_from_expected=20

echo "## quantile_online"
ev -m quantile_online \
   -m quantile_online -a decay=0.999 -m quantile_online -a decay=0.99 \
   -m quantile_online -a quantiles=0.05,0.5,0.95 -m quantile_online -a quantiles=0.001,0.5,0.999 \
   -m quantile_online -a quantiles=0.25,0.5,0.75 -a iqr_threshold=1.5 \
   -m quantile_online -a use_transform=true \
   -m quantile_online -a seasonal_interval=1d -a min_subseason=1h \
   -m quantile_online -a min_rel_dev_from_expected=5

echo "## rolling_quantile (no defaults for quantile and window_steps: they are required)"
ev -m rolling_quantile -a quantile=0.9 -a window_steps=100 \
   -m rolling_quantile -a quantile=0.99 -a window_steps=100 \
   -m rolling_quantile -a quantile=0.99 -a window_steps=50 \
   -m rolling_quantile -a quantile=0.99 -a window_steps=300 \
   -m rolling_quantile -a quantile=0.99 -a window_steps=1000 \
   -m rolling_quantile -a quantile=0.999 -a window_steps=1000 \
   -m rolling_quantile -a quantile=0.75 -a window_steps=300 -a iqr_threshold=3

echo "## std (period is required, in points; most NAB files are 5-minute series)"
ev -m std -a period=288 -m std -a period=12 -m std -a period=24 -m std -a period=48 -m std -a period=96

echo "## refinement around the best of each family (second round)"
ev -m quantile_online -a quantiles=0.0001,0.5,0.9999 \
   -m quantile_online -a quantiles=0.0005,0.5,0.9995 \
   -m quantile_online -a quantiles=0.002,0.5,0.998 \
   -m quantile_online -a quantiles=0.001,0.5,0.999 -a use_transform=true \
   -m quantile_online -a quantiles=0.001,0.5,0.999 -a decay=0.9999 \
   -m rolling_quantile -a quantile=0.999 -a window_steps=2000 \
   -m rolling_quantile -a quantile=0.9999 -a window_steps=3000 \
   -m rolling_quantile -a quantile=0.995 -a window_steps=1000 \
   -m baseline_rolling_z -a window=1000 -m baseline_rolling_z -a window=2000 \
   -m std -a period=48 -a z_threshold=3 --name "std{period=48, z_threshold=3} (scale only: same as period=48)"

echo "## third round: around the two best families"
ev -m rolling_quantile -a quantile=0.9999 -a window_steps=2000 \
   -m rolling_quantile -a quantile=0.9999 -a window_steps=5000 \
   -m rolling_quantile -a quantile=0.9995 -a window_steps=3000 \
   -m rolling_quantile -a quantile=0.99999 -a window_steps=5000 \
   -m quantile_online -a quantiles=0.0001,0.5,0.9999 -a use_transform=true \
   -m quantile_online -a quantiles=0.0001,0.5,0.9999 -a decay=0.9999 \
   -m quantile_online -a quantiles=0.00001,0.5,0.99999

echo "## split-half check: the files sorted by name, alternately into half a and half b"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 - "$NAB/labels/combined_windows.json" "$TMP" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))
keys = sorted(w)
for h, r in (("a", 0), ("b", 1)):
    json.dump({k: w[k] for i, k in enumerate(keys) if i % 2 == r}, open(f"{sys.argv[2]}/half_{h}.json", "w"))
PY
for h in a b; do
  echo "### half $h"
  bin/vigil evaluate -q --data "$NAB/data" --labels "$TMP/half_$h.json" --profile standard \
     -m zscore_online -m quantile_online \
     -m quantile_online -a quantiles=0.001,0.5,0.999 \
     -m quantile_online -a quantiles=0.0001,0.5,0.9999 \
     -m quantile_online -a quantiles=0.0001,0.5,0.9999 -a decay=0.9999 \
     -m quantile_online -a quantiles=0.001,0.5,0.999 -a decay=0.9999 \
     -m rolling_quantile -a quantile=0.99 -a window_steps=1000 \
     -m rolling_quantile -a quantile=0.999 -a window_steps=1000 \
     -m rolling_quantile -a quantile=0.999 -a window_steps=2000 \
     -m rolling_quantile -a quantile=0.9999 -a window_steps=3000 \
     -m rolling_quantile -a quantile=0.9999 -a window_steps=5000 \
     -m rolling_quantile -a quantile=0.99999 -a window_steps=5000 \
     -m std -a period=48 -m std -a period=24 \
     -m baseline_rolling_z -a window=500 -m baseline_rolling_z -a window=1000
done
