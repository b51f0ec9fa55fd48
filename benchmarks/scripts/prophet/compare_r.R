#!/usr/bin/env Rscript
# R prophet's side of the speed comparison (benchmarks/scripts/prophet/compare_r.sh): fit and predict of
# 2 weeks of 5-minute data (4 032 points; auto seasonalities = daily + weekly; 1 000 uncertainty samples),
# predict on the history plus a one-day horizon (4 320 rows) -- the shape of ProphetBenchmark.
# Prints "fit_s <median seconds>" and "predict_s <median seconds>" over `reps` runs after one warm-up.
suppressMessages(library(prophet))
args <- commandArgs(trailingOnly = TRUE)
reps <- if (length(args) > 0) as.integer(args[1]) else 3

set.seed(42)
t0 <- as.numeric(as.POSIXct("2024-03-04 00:00:00", tz = "GMT"))
ds <- t0 + 300 * (0:4031)
d <- (ds - t0) / 86400
y <- 50 + 0.5 * d + 10 * sin(2 * pi * d) + 3 * sin(4 * pi * d + 1) + 6 * sin(2 * pi * d / 7 + 0.5) +
  rnorm(length(d), 0, 1.5)
df <- data.frame(ds = as.POSIXct(ds, origin = "1970-01-01", tz = "GMT"), y = y)
fut <- data.frame(ds = as.POSIXct(c(ds, max(ds) + 300 * (1:288)), origin = "1970-01-01", tz = "GMT"))

fit_s <- c()
predict_s <- c()
for (i in 0:reps) {
  tf <- system.time(m <- suppressMessages(fit.prophet(prophet(uncertainty.samples = 1000), df)))[["elapsed"]]
  tp <- system.time(fc <- predict(m, fut))[["elapsed"]]
  if (i > 0) {  # run 0 warms up (loads the compiled Stan model)
    fit_s <- c(fit_s, tf)
    predict_s <- c(predict_s, tp)
  }
}
cat("fit_s", median(fit_s), "\n")
cat("predict_s", median(predict_s), "\n")
