#!/bin/sh
# Copies the value column of the NAB series used by PeriodDetectorTest (NAB snapshot in
# shared/nab beside the repository, or $NAB; MIT licence; see its README). One value per line, no header.
set -e
NAB=${NAB:-$(cd "$(dirname "$0")" && git rev-parse --show-toplevel)/../shared/nab/data}
for f in realKnownCause/nyc_taxi artificialNoAnomaly/art_daily_small_noise realKnownCause/ambient_temperature_system_failure artificialNoAnomaly/art_noisy; do
  tail -n +2 "$NAB/$f.csv" | cut -d, -f2 > "$(basename $f).txt"
done
