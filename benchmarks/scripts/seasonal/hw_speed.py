#!/usr/bin/python3
"""Side-by-side fit time of Holt-Winters: statsmodels' ExponentialSmoothing vs Vigil's holtwinters.

Run from the repository root after `mvn -B -ntp -pl benchmarks -am -DskipTests package`:
    /usr/bin/python3 benchmarks/scripts/seasonal/hw_speed.py [--rounds R] [n:m ...]
(default: 5 rounds of the cases 2016:24 2016:288 10080:24 10080:288).

Both sides fit the same series (SeasonalSeries.generate in the benchmarks module, regenerated here
bit for bit with the same 64-bit LCG) with the same model: additive season of m samples, no trend,
estimated initial states (statsmodels' defaults, which vmanomaly's HoltWinters uses). Both are timed
in CPU time of the fitting thread/process (the machines are shared, so wall time mostly measures the
neighbours): statsmodels with time.process_time per fit with BLAS held to one thread; Vigil with
HoltWintersSpeed (thread CPU time per fit over batches after 3 s of JIT warm-up, one JVM per round).
The two sides alternate round by round, so that both are measured in the same time window; the table
gives the median (and the minimum) over all rounds, and the speed-up as the ratio of the medians (and
of the minima). The in-sample SSE of both fits is printed too, so that the speed is not bought with a
worse optimum. Prints a Markdown table.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
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
    """CPU seconds of each of `repeats` fits, and the SSE."""
    times = []
    sse = None
    for _ in range(repeats):
        t0 = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = ExponentialSmoothing(y, seasonal="add", seasonal_periods=m,
                                     initialization_method="estimated").fit()
        times.append(time.process_time() - t0)
        sse = r.sse
    return times, sse


def vigil_fit(n, m):
    """(median, minimum) CPU seconds per fit over the batches of one JVM, the SSE and the evaluations."""
    jar = os.path.join("benchmarks", "target", "benchmarks.jar")
    r = subprocess.run(["java", "-cp", jar, "dev.vigil.benchmarks.seasonal.HoltWintersSpeed", str(n), str(m)],
                       check=True, capture_output=True, text=True)
    med, low, sse, evals = r.stdout.split()
    return float(med) / 1000.0, float(low) / 1000.0, sse, evals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("cases", nargs="*", help="n:m pairs")
    a = ap.parse_args()
    cases = [tuple(int(v) for v in c.split(":")) for c in a.cases] or CASES
    print(f"statsmodels {statsmodels.__version__}, numpy {np.__version__}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; {a.rounds} rounds")
    print()
    print("| points | season m | statsmodels fit (CPU, median / min) | Vigil fit (CPU, median / min) "
          "| speed-up (medians / minima) | SSE statsmodels | SSE Vigil | Vigil evaluations |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, m in cases:
        y = generate(n, m)
        sm_times = []
        v_meds = []
        v_mins = []
        sm_sse = v_sse = evals = None
        for _ in range(a.rounds):
            t, sm_sse = statsmodels_fit(y, m, 3)
            sm_times += t
            med, low, v_sse, evals = vigil_fit(n, m)
            v_meds.append(med)
            v_mins.append(low)
        sm_med = statistics.median(sm_times)
        sm_min = min(sm_times)
        v_med = statistics.median(v_meds)
        v_min = min(v_mins)
        print(f"| {n} | {m} | {sm_med * 1000:.1f} / {sm_min * 1000:.1f} ms | {v_med * 1000:.2f} / {v_min * 1000:.2f} ms "
              f"| {sm_med / v_med:.0f}x / {sm_min / v_min:.0f}x | {sm_sse:.6g} | {v_sse} | {evals} |", flush=True)
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
