#!/bin/sh
# Copies the value column of the NAB series used by PeriodDetectorTest (NAB snapshot in
# /work/shared/nab, MIT licence; see its README). One value per line, no header.
set -e
NAB=${NAB:-/work/shared/nab/data}
for f in realKnownCause/nyc_taxi artificialNoAnomaly/art_daily_small_noise realKnownCause/ambient_temperature_system_failure artificialNoAnomaly/art_noisy; do
  tail -n +2 "$NAB/$f.csv" | cut -d, -f2 > "$(basename $f).txt"
done
