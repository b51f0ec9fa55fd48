#!/usr/bin/python3
"""Side-by-side fit time of Holt-Winters: statsmodels' ExponentialSmoothing vs Vigil's holtwinters.

Run from the repository root after `mvn -B -ntp -pl benchmarks -am -DskipTests package`:
    /usr/bin/python3 benchmarks/scripts/seasonal/hw_speed.py

Both sides fit the same series (SeasonalSeries.generate in the benchmarks module, regenerated here
bit for bit with the same 64-bit LCG) with the same model: additive season of m samples, no trend,
estimated initial states (statsmodels' defaults, which vmanomaly's HoltWinters uses). Both are timed
in CPU time of the fitting thread/process (the machines are shared, so wall time mostly measures the
neighbours): statsmodels with time.process_time over `repeats` fits with BLAS held to one thread;
Vigil with HoltWintersSpeed (thread CPU time after 3 s of JIT warm-up). The in-sample SSE of both fits
is printed too, so that the speed is not bought with a worse optimum. Prints a Markdown table.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import math  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import statsmodels  # noqa: E402
from statsmodels.tsa.holtwinters import ExponentialSmoothing  # noqa: E402

MASK = (1 << 64) - 1
CASES = [(2016, 24), (2016, 288), (10080, 24), (10080, 288)]


def generate(n, m):
    state = 42
    y = np.empty(n)
    for i in range(n):
        u = 0.0
        for _ in range(4):
            state = (state * 6364136223846793005 + 1442695040888963407) & MASK
            u += (state >> 11) * 2.0 ** -53
        eps = (u - 2) * math.sqrt(3)
        y[i] = 100 + 0.002 * i + 10 * math.sin(2 * math.pi * i / m) + 2 * eps
    return y


def statsmodels_fit(y, m, repeats):
    best = math.inf
    sse = None
    for _ in range(repeats):
        t0 = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = ExponentialSmoothing(y, seasonal="add", seasonal_periods=m,
                                     initialization_method="estimated").fit()
        best = min(best, time.process_time() - t0)
        sse = r.sse
    return best, sse


def vigil_fit(n, m):
    jar = os.path.join("benchmarks", "target", "benchmarks.jar")
    r = subprocess.run(["java", "-cp", jar, "dev.vigil.benchmarks.seasonal.HoltWintersSpeed", str(n), str(m)],
                       check=True, capture_output=True, text=True)
    ms, sse, _evals = r.stdout.split()
    return float(ms) / 1000.0, sse


def main():
    print(f"statsmodels {statsmodels.__version__}, numpy {np.__version__}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print()
    print("| points | season m | statsmodels fit (CPU) | Vigil fit (CPU) | speed-up | SSE statsmodels | SSE Vigil |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, m in CASES:
        y = generate(n, m)
        sm_s, sm_sse = statsmodels_fit(y, m, 3)
        v_s, v_sse = vigil_fit(n, m)
        print(f"| {n} | {m} | {sm_s * 1000:.1f} ms | {v_s * 1000:.2f} ms | {sm_s / v_s:.0f}x | {sm_sse:.6g} | {v_sse} |",
              flush=True)


if __name__ == "__main__":
    main()
