#!/usr/bin/python3
"""The whole `score` process, side by side: `bin/vigil score` with isolation_forest_multivariate against
a Python process that does the same job with scikit-learn's IsolationForest, on the same CSV in one run.

Run from the repository root after `mvn -B -ntp -q -DskipTests package` (bin/vigil needs the runner jar):
    /usr/bin/python3 benchmarks/scripts/isolation-forest-score-process.py [--rows 200000] [--features 8]
        [--trees 100] [--rounds 3]
(needs Debian's python3-sklearn: apt-get install python3-sklearn).

Both processes read the same CSV (a `timestamp` column, one minute apart, and one column per feature;
the rows of isolation-forest-vs-sklearn.py), fit on every row (`--fit-window 100%`), score every row and
write one score per row to a CSV: Vigil its usual output (anomaly_score = score_samples / offset_),
Python numpy.loadtxt, IsolationForest(n_estimators, n_jobs=1).fit, score_samples and numpy.savetxt. Each
round starts a new process of each (JVM start and Python imports included, as a user runs them), the
two alternating; bin/vigil runs once before the rounds, untimed, so that its class-data archive exists
(made once per jar build, docs/runner.md "Start-up"). The table gives the medians of wall time and of
the processes' CPU time (user + system, from getrusage of the children) and their ratios. Where the machine is shared, CPU time is the fairer
figure.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

SKLEARN_JOB = """
import sys, numpy as np
from sklearn.ensemble import IsolationForest
x = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
t, rows = x[:, 0], x[:, 1:]
m = IsolationForest(n_estimators=int(sys.argv[3]), n_jobs=1, random_state=0).fit(rows)
s = m.score_samples(rows) / m.offset_
np.savetxt(sys.argv[2], np.column_stack([t, s]), delimiter=",", header="timestamp,anomaly_score", comments="",
           fmt=["%d", "%.6g"])
"""


def rows(n, d, seed=42):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (n, d))
    out = rng.random(n) < 0.01
    x[out] = rng.uniform(-6, 6, (int(out.sum()), d))
    return x


def timed(cmd, env=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--features", type=int, default=8)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    x = rows(a.rows, a.features)
    with tempfile.TemporaryDirectory() as d:
        csv = os.path.join(d, "rows.csv")
        t = 1_700_000_000 + 60 * np.arange(a.rows)
        header = "timestamp," + ",".join(f"c{i}" for i in range(a.features))
        np.savetxt(csv, np.column_stack([t, x]), delimiter=",", header=header, comments="",
                   fmt=["%d"] + ["%.17g"] * a.features)
        vigil = ["bin/vigil", "score", "-i", csv, "-o", os.path.join(d, "vigil.csv"), "-m",
                 "isolation_forest_multivariate", "-a", f"args.n_estimators={a.trees}", "--fit-window", "100%",
                 "--quiet"]
        python = [sys.executable, "-c", SKLEARN_JOB, csv, os.path.join(d, "sklearn.csv"), str(a.trees)]
        print(f"{a.rows} rows x {a.features} features, {a.trees} trees, {a.rounds} rounds; {os.cpu_count()} CPUs,"
              f" load average {os.getloadavg()[0]:.1f}")
        subprocess.run(["bin/vigil", "--version"], check=True, capture_output=True)  # makes the CDS archive if missing
        vw, vc, sw, sc = [], [], [], []
        for _ in range(a.rounds):
            w, c = timed(python)
            sw.append(w)
            sc.append(c)
            w, c = timed(vigil)
            vw.append(w)
            vc.append(c)
    sw, sc, vw, vc = (statistics.median(v) for v in (sw, sc, vw, vc))
    print()
    print("| process | wall (median) | CPU (median) |")
    print("|---|---:|---:|")
    print(f"| python3 + scikit-learn | {sw:.2f} s | {sc:.2f} s |")
    print(f"| bin/vigil score | {vw:.2f} s | {vc:.2f} s |")
    print(f"| speed-up | {sw / vw:.1f}x | {sc / vc:.1f}x |")
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
