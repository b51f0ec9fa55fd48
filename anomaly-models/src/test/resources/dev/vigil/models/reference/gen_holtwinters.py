#!/usr/bin/python3
"""Holt-Winters conformance fixtures: statsmodels' ExponentialSmoothing on NAB and synthetic series.

Run with the Debian interpreter from this directory:
    /usr/bin/python3 gen_holtwinters.py [NAB_DIR]

NAB_DIR defaults to shared/nab beside the repository (the NAB snapshot, numenta/NAB, MIT licence).

Each hw_<name>.csv holds the column y (the whole series: the first nfit rows are the fit window, the
rest the forecast horizon) and sm (statsmodels' fittedvalues on the fit rows, then its forecast).
The trailer line gives the configuration and statsmodels' estimates:
  trend, seasonal: 0 none, 1 add, 2 mul; damped 0/1; m seasonal periods; init 0 estimated,
  1 heuristic; boxcox: 0 none, 1 estimated lambda; nfit; sse (statsmodels' sse on the fit rows);
  alpha, beta, gamma, phi, lambda (each left out when the form has no such parameter).
"""
import csv
import os
import sys

import numpy as np
import scipy
import statsmodels
from statsmodels.tsa.holtwinters import ExponentialSmoothing

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), *([os.pardir] * 8)))
NAB = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, os.pardir, "shared", "nab")
CODE = {None: 0, "add": 1, "mul": 2}


def nab(rel, start, count):
    with open(os.path.join(NAB, "data", rel)) as f:
        rows = list(csv.DictReader(f))
    return np.array([float(r["value"]) for r in rows[start:start + count]])


def fmt(v):
    return "nan" if v is None or np.isnan(v) else repr(float(v))


def case(name, y, nfit, trend=None, damped=False, seasonal=None, m=None, init="estimated", boxcox=False):
    model = ExponentialSmoothing(y[:nfit], trend=trend, damped_trend=damped, seasonal=seasonal,
                                 seasonal_periods=m, initialization_method=init, use_boxcox=boxcox)
    r = model.fit()
    sm = np.concatenate([r.fittedvalues, r.forecast(len(y) - nfit)])
    p = r.params
    lam = p.get("lamda", None) if boxcox else None
    trailer = {
        "trend": CODE[trend], "damped": int(damped), "seasonal": CODE[seasonal], "m": m or 0,
        "init": 0 if init == "estimated" else 1, "boxcox": 1 if boxcox else 0, "nfit": nfit,
        "sse": r.sse, "alpha": p["smoothing_level"],
        "beta": p["smoothing_trend"] if trend else np.nan,
        "gamma": p["smoothing_seasonal"] if seasonal else np.nan,
        "phi": p["damping_trend"] if damped else np.nan,
        "lambda": lam if lam is not None else np.nan,
    }
    with open(f"hw_{name}.csv", "w") as f:
        f.write(f"# statsmodels {statsmodels.__version__}, numpy {np.__version__}, scipy {scipy.__version__}\n")
        f.write("y,sm\n")
        for a, b in zip(y, sm):
            f.write(f"{fmt(a)},{fmt(b)}\n")
        f.write(",".join(f"#{k},{fmt(v)}" for k, v in trailer.items() if not np.isnan(v)) + "\n")
    print(name, {k: trailer[k] for k in ("sse", "alpha", "beta", "gamma", "phi", "lambda")})


rng = np.random.default_rng(7)

# NAB nyc_taxi (30-minute samples): daily season of 48, no trend; 12 days fit, 2 days horizon.
case("nyc_taxi", nab("realKnownCause/nyc_taxi.csv", 0, 48 * 14), 48 * 12, seasonal="add", m=48)

# NAB ambient temperature (hourly): damped additive trend, daily season; 14 days fit, 2 days horizon.
case("ambient", nab("realKnownCause/ambient_temperature_system_failure.csv", 0, 24 * 16), 24 * 14,
     trend="add", damped=True, seasonal="add", m=24)

# Synthetic: linear trend plus a random-walk level, additive season of 12, noise.
t = np.arange(144)
y = 20 + 0.3 * t + np.cumsum(rng.normal(0, 0.6, t.size)) + 5 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, t.size)
case("trend_add_season", y, 120, trend="add", seasonal="add", m=12)

# Synthetic airline-like: trend with multiplicative season (amplitude grows with the level).
t = np.arange(168)
level = 100 + 1.5 * t + np.cumsum(rng.normal(0, 1.5, t.size))
y = level * (1 + 0.25 * np.sin(2 * np.pi * t / 12)) * np.exp(rng.normal(0, 0.02, t.size))
case("mul_season", y, 144, trend="add", seasonal="mul", m=12)

# Synthetic damped trend without season: a slope that fades out.
t = np.arange(130)
y = 50 + 30 * (1 - 0.95 ** t) + np.cumsum(rng.normal(0, 0.4, t.size)) + rng.normal(0, 0.8, t.size)
case("damped", y, 100, trend="add", damped=True)

# Synthetic with the heuristic initialisation (states fixed, only smoothing parameters fitted).
t = np.arange(120)
y = 10 + 0.1 * t + 3 * np.cos(2 * np.pi * t / 7) + rng.normal(0, 0.7, t.size)
case("heuristic", y, 98, trend="add", seasonal="add", m=7, init="heuristic")

# Synthetic with Box-Cox (lambda estimated by statsmodels/scipy), additive in the transformed scale.
t = np.arange(156)
y = np.exp(3 + 0.01 * t + 0.3 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 0.05, t.size))
case("boxcox", y, 132, trend="add", seasonal="add", m=12, boxcox=True)
