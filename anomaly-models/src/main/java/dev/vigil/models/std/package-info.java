/**
 * {@code std}: seasonal-trend decomposition as statsmodels' {@code seasonal_decompose(model='additive',
 * two_sided=False)}, kept up to date online (vmanomaly v1.28.0+). yhat is trend plus seasonal, the
 * band is {@code ± z_threshold} residual standard deviations; {@code trend}, {@code seasonal} and
 * {@code resid} are extra outputs.
 */
package dev.vigil.models.std;
