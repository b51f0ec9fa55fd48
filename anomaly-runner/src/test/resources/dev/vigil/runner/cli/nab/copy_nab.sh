#!/bin/sh
# Builds the small NAB fixture of EvaluateCommandTest from the NAB snapshot in shared/nab beside the repository (or $NAB)
# (numenta/NAB at ea702d75, MIT licence; see its README). Two real files are copied whole with their
# labelled windows and the published windowedGaussian scores; art_flatline (no window) is cut to
# its first 1000 rows (data and scores) to keep the fixture small.
set -e
NAB=${NAB:-$(cd "$(dirname "$0")" && git rev-parse --show-toplevel)/../shared/nab}
for f in realKnownCause/rogue_agent_key_hold realTraffic/speed_7578; do
  mkdir -p "data/$(dirname $f)" "golden/windowedGaussian/$(dirname $f)"
  cp "$NAB/data/$f.csv" "data/$f.csv"
  cp "$NAB/golden/windowedGaussian/$f.csv" "golden/windowedGaussian/$f.csv"
done
mkdir -p data/artificialNoAnomaly golden/windowedGaussian/artificialNoAnomaly
head -n 1001 "$NAB/data/artificialNoAnomaly/art_flatline.csv" > data/artificialNoAnomaly/art_flatline.csv
head -n 1001 "$NAB/golden/windowedGaussian/artificialNoAnomaly/art_flatline.csv" \
  > golden/windowedGaussian/artificialNoAnomaly/art_flatline.csv
chmod -R u+w data golden
python3 - "$NAB" <<'PY'
import json, sys
w = json.load(open(sys.argv[1] + "/labels/combined_windows.json"))
keys = ["realKnownCause/rogue_agent_key_hold.csv", "realTraffic/speed_7578.csv", "artificialNoAnomaly/art_flatline.csv"]
json.dump({k: w[k] for k in keys}, open("windows.json", "w"), indent=4)
PY
