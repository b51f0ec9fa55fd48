#!/usr/bin/python3
"""Side-by-side fit time of Holt-Winters: statsmodels' ExponentialSmoothing vs Vigil's holtwinters.

Run from the repository root after `mvn -B -ntp -pl benchmarks -am -DskipTests package`:
    /usr/bin/python3 benchmarks/scripts/seasonal/hw_speed.py [--quick]

Both sides fit the same series (SeasonalSeries.generate in the benchmarks module; regenerated here
bit for bit with the same 64-bit LCG) with the same model: additive season of m samples, no trend,
estimated initial states (statsmodels' defaults, which vmanomaly's HoltWinters uses). statsmodels is
timed with time.perf_counter over `repeats` fits (best and median reported); Vigil with JMH
(SeasonalBenchmarks.holtWintersFit, average time per fit after warm-up). The script also checks the
two fits reach comparable in-sample SSE, so that the speed is not bought with a worse optimum.
Prints a Markdown table for docs/benchmarks.md.
"""
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import statsmodels
from statsmodels.tsa.holtwinters import ExponentialSmoothing

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
    times = []
    sse = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = ExponentialSmoothing(y, seasonal="add", seasonal_periods=m,
                                     initialization_method="estimated").fit()
        times.append(time.perf_counter() - t0)
        sse = r.sse
    return min(times), statistics.median(times), sse


def jmh(n, m, quick):
    jar = os.path.join("benchmarks", "target", "benchmarks.jar")
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    cmd = ["java", "-jar", jar, "SeasonalBenchmarks.holtWintersFit", "-p", f"n={n}", "-p", f"period={m}",
           "-f", "1", "-wi", "1" if quick else "2", "-w", "1s", "-i", "2" if quick else "3", "-r", "1s",
           "-rf", "json", "-rff", out]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        res = json.load(f)
    os.unlink(out)
    return res[0]["primaryMetric"]["score"] / 1000.0  # ms/op -> s


def main():
    quick = "--quick" in sys.argv
    print(f"statsmodels {statsmodels.__version__}, numpy {np.__version__}; "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    print("| points | season m | statsmodels fit (best / median of runs) | Vigil fit (JMH avg) | ratio (best sm / Vigil) | SSE statsmodels | SSE Vigil |")
    print("|---|---|---|---|---|---|---|")
    for n, m in CASES:
        y = generate(n, m)
        repeats = 3 if (n * m < 1_000_000 and not quick) else 1
        best, med, sse = statsmodels_fit(y, m, repeats)
        ours = jmh(n, m, quick)
        vsse = vigil_sse(n, m)
        print(f"| {n} | {m} | {best:.3f} s / {med:.3f} s ({repeats}) | {ours * 1000:.1f} ms | "
              f"{best / ours:.0f}x | {sse:.6g} | {vsse} |")


def vigil_sse(n, m):
    """The in-sample SSE of Vigil's fit, read from the fitted model's description."""
    jar = os.path.join("benchmarks", "target", "benchmarks.jar")
    r = subprocess.run(["java", "-cp", jar, "dev.vigil.benchmarks.seasonal.DescribeFit", str(n), str(m)],
                       check=True, capture_output=True, text=True)
    return r.stdout.strip()


if __name__ == "__main__":
    main()
