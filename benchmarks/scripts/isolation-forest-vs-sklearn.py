#!/usr/bin/python3
"""Side-by-side fit + score time of an isolation forest: scikit-learn's IsolationForest vs Vigil's
isolation_forest_multivariate, on the same rows in one run.

Run from the repository root after `mvn -B -ntp -pl benchmarks -am -DskipTests package`:
    /usr/bin/python3 benchmarks/scripts/isolation-forest-vs-sklearn.py [--rows 200000] [--features 8]
        [--trees 100] [--rounds 5]
(needs Debian's python3-sklearn: apt-get install python3-sklearn).

The rows (seeded: N(0, 1), 1 % uniform in [-6, 6]) are generated here with numpy and written to a temporary
file of little-endian doubles, which the Java side (IsolationForestSpeed in the benchmarks jar) reads, so
both fit and score exactly the same data: fit on all rows, then score_samples of all rows, 100 trees,
max_samples "auto" (256), contamination "auto", one thread (n_jobs=1, BLAS held to one thread). Both are
timed in CPU time (the machines are shared, wall time mostly measures the neighbours): scikit-learn with
time.process_time per call, Vigil with the thread CPU time after a JIT warm-up, one JVM per round. The
two sides alternate round by round; the table gives medians and the ratio of the medians. The mean
score_samples of both shows that they computed the same thing (they agree to about 1e-3: other trees).
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import IsolationForest  # noqa: E402


def rows(n, d, seed=42):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (n, d))
    out = rng.random(n) < 0.01
    x[out] = rng.uniform(-6, 6, (int(out.sum()), d))
    return x


def sklearn_round(x, trees):
    t0 = time.process_time()
    m = IsolationForest(n_estimators=trees, n_jobs=1, random_state=0).fit(x)
    t1 = time.process_time()
    s = m.score_samples(x)
    t2 = time.process_time()
    return t1 - t0, t2 - t1, float(np.mean(s))


def vigil_round(path, n, d, trees):
    jar = os.path.join("benchmarks", "target", "benchmarks.jar")
    r = subprocess.run(["java", "-cp", jar, "dev.vigil.benchmarks.models.IsolationForestSpeed", path, str(n), str(d),
                        str(trees), "3"], check=True, capture_output=True, text=True)
    fit, score, mean = r.stdout.split()
    return float(fit), float(score), float(mean)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--features", type=int, default=8)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    x = rows(a.rows, a.features)
    with tempfile.NamedTemporaryFile(suffix=".f64", delete=False) as f:
        f.write(x.astype("<f8").tobytes(order="C"))
        path = f.name
    try:
        print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}; {a.rows} rows x {a.features} features, {a.trees} trees, "
              f"{a.rounds} rounds")
        sk_fit, sk_score, v_fit, v_score = [], [], [], []
        sk_mean = v_mean = None
        for _ in range(a.rounds):
            f1, s1, sk_mean = sklearn_round(x, a.trees)
            sk_fit.append(f1)
            sk_score.append(s1)
            f2, s2, v_mean = vigil_round(path, a.rows, a.features, a.trees)
            v_fit.append(f2)
            v_score.append(s2)
    finally:
        os.unlink(path)
    skf, sks = statistics.median(sk_fit), statistics.median(sk_score)
    vf, vs = statistics.median(v_fit), statistics.median(v_score)
    print()
    print("| | fit (CPU, median) | score_samples (CPU, median) | fit + score | mean score_samples |")
    print("|---|---:|---:|---:|---:|")
    print(f"| scikit-learn | {skf * 1000:.0f} ms | {sks * 1000:.0f} ms | {(skf + sks) * 1000:.0f} ms | {sk_mean:.4f} |")
    print(f"| Vigil | {vf * 1000:.1f} ms | {vs * 1000:.0f} ms | {(vf + vs) * 1000:.0f} ms | {v_mean:.4f} |")
    print(f"| speed-up | {skf / vf:.1f}x | {sks / vs:.1f}x | **{(skf + sks) / (vf + vs):.1f}x** | |")
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
