#!/usr/bin/python3
"""Reference STL decompositions from Debian's python3-statsmodels (0.13.5).

Run from this directory with the system interpreter:
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas:/usr/lib/x86_64-linux-gnu/lapack /usr/bin/python3 make_stl_fixtures.py
Each fixture is a CSV with a comment header (# key=value settings) and columns y,trend,seasonal,resid.
"""
import csv
import numpy as np
from statsmodels.tsa.seasonal import STL

import os
import sys

# The NAB snapshot (numenta/NAB, MIT licence): the first argument, else shared/nab beside the repository.
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), *([os.pardir] * 8)))
NAB = (sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, os.pardir, "shared", "nab", "data")) + "/"


def nab(path, n):
    with open(NAB + path) as f:
        rows = list(csv.DictReader(f))
    return np.array([float(r["value"]) for r in rows[:n]])


def write(name, y, period, robust, seasonal=7):
    res = STL(y, period=period, seasonal=seasonal, robust=robust).fit()
    with open(name, "w") as f:
        f.write(f"# period={period} seasonal={seasonal} robust={str(robust).lower()}\n")
        f.write("y,trend,seasonal,resid\n")
        for row in zip(y, res.trend, res.seasonal, res.resid):
            f.write(",".join(repr(float(v)) for v in row) + "\n")


rng = np.random.default_rng(20261125)
t = np.arange(240)
synthetic = 10 + 0.05 * t + 3 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 0.5, t.size)
write("stl_synthetic_p12.csv", synthetic, 12, False)

spiky = synthetic.copy()
spiky[[30, 95, 150, 151, 200]] += [15, -12, 20, 18, -25]
write("stl_spiky_p12_robust.csv", spiky, 12, True)

write("stl_nyc_taxi_p48.csv", nab("realKnownCause/nyc_taxi.csv", 960), 48, False)
write("stl_nyc_taxi_p48_robust_s13.csv", nab("realKnownCause/nyc_taxi.csv", 960), 48, True, seasonal=13)
