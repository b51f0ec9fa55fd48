#!/usr/bin/env Rscript
# Reference fixtures for dev.vigil.models.prophet from Debian's r-cran-prophet (1.0, Stan L-BFGS MAP).
# Run from this directory:  Rscript make_fixtures.R [NAB_DATA_DIR]
# (default: shared/nab/data beside the repository)
# For every case it writes
#   <case>.input.csv     ds (epoch seconds, UTC), y (NA = missing)
#   <case>.forecast.csv  R's predict() on every input timestamp plus a 1-day horizon:
#                        ds, yhat, yhat_lower, yhat_upper, trend, trend_lower, trend_upper
#   <case>.params.csv    name,values (space separated): y_scale, k, m, sigma_obs, changepoints_t, delta,
#                        beta, beta_names, coverage (share of history y inside R's band)
#   <case>.converged.forecast.csv, <case>.converged.params.csv
#                        the same model fitted again with Stan's L-BFGS run to convergence (tol_rel_grad = 1,
#                        tol_rel_obj = 1, tol_param = tol_grad = 1e-12 instead of 1e7, 1e4, 1e-8, 1e-8):
#                        prophet's defaults stop L-BFGS early, short of the exact optimum of the Laplace
#                        prior, and the converged fit is the MAP the Java solver targets. Point forecasts only.
# The Java tests mirror each case's options (ProphetConformanceTest).
suppressMessages(library(prophet))
args <- commandArgs(trailingOnly = TRUE)
nab <- if (length(args) > 0) args[1] else file.path("..", "..", "..", "..", "..", "..", "shared", "nab", "data")

fmt <- function(x) formatC(x, digits = 10, format = "g")

write_params <- function(m, cov, file) {
  p <- m$params
  # column names of the seasonal features in R's order
  feats <- prophet:::make_all_seasonality_features(m, m$history)$seasonal.features
  writeLines(c(
    paste0("y_scale,", fmt(m$y.scale)),
    paste0("k,", fmt(p$k)),
    paste0("m,", fmt(p$m)),
    paste0("sigma_obs,", fmt(p$sigma_obs)),
    paste0("changepoints_t,", paste(fmt(m$changepoints.t), collapse = " ")),
    paste0("delta,", paste(fmt(p$delta[1, ]), collapse = " ")),
    paste0("beta,", paste(fmt(p$beta[1, ]), collapse = " ")),
    paste0("beta_names,", paste(colnames(feats), collapse = " ")),
    paste0("coverage,", fmt(cov))), file)
}

run_case <- function(name, ds, y, horizon_step, make_model) {
  df <- data.frame(ds = as.POSIXct(ds, origin = "1970-01-01", tz = "GMT"), y = y)
  set.seed(42)
  m <- make_model()
  m <- suppressMessages(fit.prophet(m, df))
  last <- max(ds)
  fut_ds <- c(ds, seq(last + horizon_step, last + 86400, by = horizon_step))
  fut <- data.frame(ds = as.POSIXct(fut_ds, origin = "1970-01-01", tz = "GMT"))
  set.seed(42)
  fc <- predict(m, fut)
  write.csv(data.frame(ds = sprintf("%.0f", ds), y = ifelse(is.na(y), NA, fmt(y))), paste0(name, ".input.csv"),
            row.names = FALSE, quote = FALSE, na = "NA")
  out <- data.frame(ds = sprintf("%.0f", fut_ds), yhat = fmt(fc$yhat), yhat_lower = fmt(fc$yhat_lower),
                    yhat_upper = fmt(fc$yhat_upper), trend = fmt(fc$trend),
                    trend_lower = fmt(fc$trend_lower), trend_upper = fmt(fc$trend_upper))
  write.csv(out, paste0(name, ".forecast.csv"), row.names = FALSE, quote = FALSE)
  hist <- seq_along(ds)
  ok <- !is.na(y)
  cov <- mean(y[ok] >= fc$yhat_lower[hist][ok] & y[ok] <= fc$yhat_upper[hist][ok])
  write_params(m, cov, paste0(name, ".params.csv"))
  # The converged refit must not move the random stream the later synthetic series are drawn from.
  saved_seed <- get(".Random.seed", envir = globalenv())
  mc <- make_model()
  mc <- suppressMessages(fit.prophet(mc, df, tol_rel_grad = 1, tol_rel_obj = 1, tol_param = 1e-12,
                                     tol_grad = 1e-12))
  mc$uncertainty.samples <- 0
  fcc <- predict(mc, fut)
  write.csv(data.frame(ds = sprintf("%.0f", fut_ds), yhat = fmt(fcc$yhat), trend = fmt(fcc$trend)),
            paste0(name, ".converged.forecast.csv"), row.names = FALSE, quote = FALSE)
  write_params(mc, NA_real_, paste0(name, ".converged.params.csv"))
  assign(".Random.seed", saved_seed, envir = globalenv())
  p <- m$params
  cat(name, ": n =", length(y), " sigma =", p$sigma_obs, " coverage =", cov, "\n")
}

read_nab <- function(file, first = NA) {
  d <- read.csv(file.path(nab, file), stringsAsFactors = FALSE)
  ds <- as.numeric(as.POSIXct(d$timestamp, tz = "GMT"))
  if (!is.na(first)) {
    d <- d[1:first, ]
    ds <- ds[1:first]
  }
  list(ds = ds, y = d$value)
}

# 1. NAB: EC2 CPU, 5-minute, 2 weeks (auto seasonalities: daily + weekly).
s <- read_nab("realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv")
run_case("nab_ec2_cpu", s$ds, s$y, 300, function() prophet())

# 2. NAB: NYC taxi, 30-minute, first 60 days, interval_width 0.98 (the tutorial's setting).
s <- read_nab("realKnownCause/nyc_taxi.csv", 2880)
run_case("nab_nyc_taxi", s$ds, s$y, 1800, function() prophet(interval.width = 0.98))

# Synthetic series share one generator.
set.seed(7)
t0 <- as.numeric(as.POSIXct("2024-03-04 00:00:00", tz = "GMT"))

# 3. Trend changes: hourly, 40 days, slope changes at day 10 and day 25, daily + weekly seasonality.
ds <- t0 + 3600 * (0:(40 * 24 - 1))
d <- (ds - t0) / 86400
tr <- 100 + 2 * d + ifelse(d > 10, -5 * (d - 10), 0) + ifelse(d > 25, 6 * (d - 25), 0)
y <- tr + 8 * sin(2 * pi * d) + 4 * cos(2 * pi * d / 7) + rnorm(length(d), 0, 2)
run_case("synth_trend_changes", ds, y, 3600, function() prophet())

# 4. Daily + weekly seasonality, 5-minute, 2 weeks (the benchmark shape: 4 032 points).
ds <- t0 + 300 * (0:4031)
d <- (ds - t0) / 86400
y <- 50 + 0.5 * d + 10 * sin(2 * pi * d) + 3 * sin(4 * pi * d + 1) + 6 * sin(2 * pi * d / 7 + 0.5) +
  rnorm(length(d), 0, 1.5)
run_case("synth_daily_weekly", ds, y, 300, function() prophet())

# 5. Multiplicative seasonality: hourly, 60 days, the daily swing grows with the level.
ds <- t0 + 3600 * (0:(60 * 24 - 1))
d <- (ds - t0) / 86400
tr <- 20 + 1.5 * d
y <- tr * (1 + 0.3 * sin(2 * pi * d) + 0.1 * cos(2 * pi * d / 7)) + rnorm(length(d), 0, 1)
run_case("synth_multiplicative", ds, y, 3600, function() prophet(seasonality.mode = "multiplicative"))

# 6. Gaps: 10-minute, 21 days, one missing day and 5 % random missing points.
ds <- t0 + 600 * (0:(21 * 144 - 1))
d <- (ds - t0) / 86400
y <- 10 + 0.2 * d + 3 * sin(2 * pi * d) + rnorm(length(d), 0, 0.8)
y[d >= 8 & d < 9] <- NA
y[sample(length(y), round(0.05 * length(y)))] <- NA
run_case("synth_gaps", ds, y, 600, function() prophet())

# 7. Holidays, a custom seasonality, explicit changepoints: hourly, 30 days.
ds <- t0 + 3600 * (0:(30 * 24 - 1))
d <- (ds - t0) / 86400
day <- floor(d)
y <- 30 + 0.3 * d + ifelse(d > 12, 0.6 * (d - 12), 0) + 4 * sin(2 * pi * d) + 2 * sin(2 * pi * d / 0.5) +
  ifelse(day %in% c(5, 19), 15, 0) + ifelse(day %in% c(6, 20), 5, 0) + rnorm(length(d), 0, 1)
hol <- data.frame(holiday = "event", ds = as.Date(c("2024-03-09", "2024-03-23")), lower_window = 0,
                  upper_window = 1, prior_scale = 5)
run_case("synth_holidays", ds, y, 3600, function() {
  m <- prophet(holidays = hol, weekly.seasonality = FALSE, daily.seasonality = 3,
               changepoints = c("2024-03-10 00:00:00", "2024-03-16 00:00:00", "2024-03-22 00:00:00"),
               fit = FALSE)
  add_seasonality(m, name = "halfday", period = 0.5, fourier.order = 2, prior.scale = 3)
})

# 8. Flat growth with seasonality, hourly, 20 days.
ds <- t0 + 3600 * (0:(20 * 24 - 1))
d <- (ds - t0) / 86400
y <- 5 + 2 * sin(2 * pi * d) + rnorm(length(d), 0, 0.5)
run_case("synth_flat", ds, y, 3600, function() prophet(growth = "flat"))
