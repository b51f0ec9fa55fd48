#!/usr/bin/python3
"""Reference fixtures for the model tests (run with the Debian interpreter: /usr/bin/python3 gen_reference.py).

std_p24.csv, std_p7.csv: statsmodels seasonal_decompose(y, model='additive', period=p, two_sided=False);
  columns y,trend,seasonal,resid ("nan" where statsmodels gives NaN); the last line is
  "#resid_std,<np.nanstd(resid)>" (population std, ddof=0).
mad.csv: y over 500 points; last line "#median,<np.median>,#mad,<np.median(|y - median|)>".
rolling_quantile.csv: y (with NaN holes), and for every row i >= 300 the numpy quantiles of the last
  W=50 finite values before i: lo=np.quantile(w, 0.05), med=np.quantile(w, 0.5), hi=np.quantile(w, 0.95),
  q25, q75 (default method 'linear'); rows < 300 have "nan".
"""
import numpy as np
import statsmodels
from statsmodels.tsa.seasonal import seasonal_decompose

rng = np.random.default_rng(42)


def fmt(v):
    return "nan" if np.isnan(v) else repr(float(v))


for p, n in ((24, 24 * 10), (7, 7 * 9 + 3)):
    t = np.arange(n)
    y = 50 + 0.05 * t + 4 * np.sin(2 * np.pi * t / p) + rng.normal(0, 1, n)
    r = seasonal_decompose(y, model="additive", period=p, two_sided=False)
    with open(f"std_p{p}.csv", "w") as f:
        f.write(f"# statsmodels {statsmodels.__version__}, numpy {np.__version__}\n")
        f.write("y,trend,seasonal,resid\n")
        for i in range(n):
            f.write(",".join(fmt(v) for v in (y[i], r.trend[i], r.seasonal[i], r.resid[i])) + "\n")
        f.write(f"#resid_std,{fmt(np.nanstd(r.resid))}\n")

y = rng.standard_t(3, 500) * 2 + 7
med = np.median(y)
with open("mad.csv", "w") as f:
    f.write(f"# numpy {np.__version__}\ny\n")
    f.write("\n".join(fmt(v) for v in y) + "\n")
    f.write(f"#median,{fmt(med)},#mad,{fmt(np.median(np.abs(y - med)))}\n")

n, W, start = 600, 50, 300
y = rng.normal(0, 1, n) + np.where(np.arange(n) > 450, 3.0, 0.0)
y[rng.choice(n, 20, replace=False)] = np.nan
with open("rolling_quantile.csv", "w") as f:
    f.write(f"# numpy {np.__version__}\ny,lo,med,hi,q25,q75\n")
    for i in range(n):
        if i < start:
            row = [y[i]] + [np.nan] * 5
        else:
            prev = y[:i]
            w = prev[~np.isnan(prev)][-W:]
            row = [y[i]] + list(np.quantile(w, [0.05, 0.5, 0.95, 0.25, 0.75]))
        f.write(",".join(fmt(v) for v in row) + "\n")
