#!/usr/bin/python3
"""Reference scores of scikit-learn's IsolationForest for IsolationForestConformanceTest.

Run with the Debian interpreter (apt-get install python3-sklearn): /usr/bin/python3 generate.py

Each <name>.csv holds one fitted forest:
  "# sklearn <version>, numpy <version>"
  "# n_estimators=..,max_samples=..,max_features=..,bootstrap=..,contamination=..,seasonal=..,offset=.."
  header "split,t,x0,...,x<k-1>,score_samples,decision,predict"
  one line per row: split "train" (the fit rows, scored after the fit) or "test" (scored only);
  t is the row's epoch milliseconds (hourly, from 2024-01-01T00:00:00Z); x the raw channels, before any
  seasonal feature; score_samples, decision_function and predict as scikit-learn returns them.
With seasonal=hod, scikit-learn is fitted on [x..., sin(2 pi h / 24), cos(2 pi h / 24)] where h is the UTC
hour of t, the cyclical encoding the Java model applies itself.
percentile.csv: a score vector and np.percentile(scores, 100 * c) for several c (the offset_ rule).
"""
import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest

T0 = 1704067200000
HOUR = 3600000
rng = np.random.default_rng(20240101)


def fmt(v):
    return repr(float(v))


def write(name, train, test, contamination="auto", seasonal="", n_estimators=1000, max_samples="auto",
          max_features=1.0, bootstrap=False):
    def features(x, t):
        if seasonal != "hod":
            return x
        h = (t // HOUR) % 24
        a = 2 * np.pi * h / 24
        return np.column_stack([x, np.sin(a), np.cos(a)])

    t_train = T0 + HOUR * np.arange(len(train))
    t_test = T0 + HOUR * np.arange(len(train), len(train) + len(test))
    model = IsolationForest(n_estimators=n_estimators, max_samples=max_samples, max_features=max_features,
                            bootstrap=bootstrap, contamination=contamination, random_state=0, n_jobs=1)
    model.fit(features(train, t_train))
    with open(f"{name}.csv", "w") as f:
        f.write(f"# sklearn {sklearn.__version__}, numpy {np.__version__}\n")
        f.write(f"# n_estimators={n_estimators},max_samples={max_samples},max_features={max_features},"
                f"bootstrap={bootstrap},contamination={contamination},seasonal={seasonal},"
                f"offset={fmt(model.offset_)}\n")
        k = train.shape[1]
        f.write("split,t," + ",".join(f"x{j}" for j in range(k)) + ",score_samples,decision,predict\n")
        for split, x, t in (("train", train, t_train), ("test", test, t_test)):
            fx = features(x, t)
            s = model.score_samples(fx)
            d = model.decision_function(fx)
            p = model.predict(fx)
            for i in range(len(x)):
                f.write(f"{split},{int(t[i])}," + ",".join(fmt(v) for v in x[i]) + f",{fmt(s[i])},{fmt(d[i])},{p[i]}\n")


# 1. univariate Gaussian with planted outliers; test rows sweep from the centre to far outside
x = rng.normal(0, 1, (1000, 1))
x[rng.choice(1000, 10, replace=False), 0] = rng.choice([-1, 1], 10) * rng.uniform(5, 8, 10)
write("univariate_gauss", x, np.linspace(-9, 9, 73).reshape(-1, 1))

# 2. two 4-d Gaussian clusters plus uniform noise, contamination 0.05
a = rng.normal(0, 1, (600, 4))
b = rng.normal(6, 0.5, (380, 4))
noise = rng.uniform(-8, 14, (20, 4))
train = np.vstack([a, b, noise])
rng.shuffle(train)
test = np.vstack([rng.normal(0, 1, (30, 4)), rng.normal(6, 0.5, (30, 4)), rng.uniform(-12, 18, (40, 4))])
write("multivariate_blobs", train, test, contamination=0.05)

# 3. correlated 3-d data, sub-sampled trees: max_samples=128, max_features=2, bootstrap
z = rng.normal(0, 1, (800, 1))
train = np.hstack([z, 2 * z + rng.normal(0, 0.3, (800, 1)), rng.exponential(1, (800, 1))])
test = np.vstack([train[:40] + rng.normal(0, 0.1, (40, 3)), rng.uniform(-5, 8, (40, 3))])
write("multivariate_options", train, test, contamination=0.02, max_samples=128, max_features=2, bootstrap=True)

# 4. a daily season with the hod feature: a value normal at one hour is an outlier at another
n = 24 * 40
h = np.arange(n) % 24
y = 10 + 5 * (h >= 8) * (h < 20) + rng.normal(0, 0.5, n)
tn = 24 * 5
ht = np.arange(n, n + tn) % 24
yt = 10 + 5 * (ht >= 8) * (ht < 20) + rng.normal(0, 0.5, tn)
yt[[3, 27, 51]] = 15.0   # daytime level at night
yt[[12, 36, 60]] = 10.0  # night level in the day
write("univariate_hod", y.reshape(-1, 1), yt.reshape(-1, 1), contamination=0.01, seasonal="hod")

# 5. the offset_ rule: numpy's percentile of one score vector for several contaminations
s = -rng.uniform(0.35, 0.75, 997)
with open("percentile.csv", "w") as f:
    f.write(f"# numpy {np.__version__}: np.percentile(scores, 100 * c), scores in the second block\n")
    f.write("c,percentile\n")
    for c in (0.001, 0.01, 0.05, 0.1, 0.123, 0.25, 0.333, 0.5):
        f.write(f"{fmt(c)},{fmt(np.percentile(s, 100 * c))}\n")
    f.write("score\n")
    for v in s:
        f.write(fmt(v) + "\n")
