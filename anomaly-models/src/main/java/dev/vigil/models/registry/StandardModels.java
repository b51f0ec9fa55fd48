package dev.vigil.models.registry;

import dev.vigil.models.holtwinters.HoltWintersModels;
import dev.vigil.models.mad.MadModels;
import dev.vigil.models.prophet.ProphetModels;
import dev.vigil.models.quantile.QuantileModels;
import dev.vigil.models.rollingquantile.RollingQuantileModels;
import dev.vigil.models.std.StdModels;
import dev.vigil.models.zscore.ZscoreModels;
import java.util.List;

/**
 * The table of vmanomaly's model aliases (vmanomaly docs (v1.30), "Models"), the factories built so far
 * and their state codecs.
 */
final class StandardModels {

    private StandardModels() {
    }

    static List<ModelRegistry.Entry> entries() {
        return List.of(
                new ModelRegistry.Entry("zscore", "model.zscore.ZscoreModel", ZscoreModels::offline,
                        ZscoreModels.stateCodec()),

                new ModelRegistry.Entry("zscore_online", "model.online.OnlineZscoreModel", ZscoreModels::online,
                        ZscoreModels.stateCodec()),

                new ModelRegistry.Entry("mad", "model.mad.MADModel", MadModels::offline, MadModels.stateCodec()),

                new ModelRegistry.Entry("mad_online", "model.online.OnlineMADModel", MadModels::online, MadModels.stateCodec()),

                new ModelRegistry.Entry("quantile_online", "model.online.OnlineQuantileModel", QuantileModels::create,
                        QuantileModels.stateCodec()),

                new ModelRegistry.Entry("rolling_quantile", "model.rolling_quantile.RollingQuantileModel",
                        RollingQuantileModels::create, RollingQuantileModels.stateCodec()),

                new ModelRegistry.Entry("std", "model.std.StdModel", StdModels::create, StdModels.stateCodec()),

                new ModelRegistry.Entry("prophet", "model.prophet.ProphetModel", ProphetModels::spec,
                        ProphetModels.stateCodec()),

                new ModelRegistry.Entry("holtwinters", "model.holtwinters.HoltWinters", HoltWintersModels::create,
                        HoltWintersModels.stateCodec()),

                new ModelRegistry.Entry("isolation_forest_multivariate",
                        "model.isolation_forest.IsolationForestMultivariateModel", null),

                new ModelRegistry.Entry("isolation_forest_univariate", "model.isolation_forest.IsolationForestModel", null),

                new ModelRegistry.Entry("auto", "model.auto.AutoTunedModel", null),

                new ModelRegistry.Entry("temporal_envelope", "model.online.TemporalEnvelopeModel", null),

                new ModelRegistry.Entry("temporal_envelope_multivariate",
                        "model.online.TemporalEnvelopeMultivariateModel", null),

                new ModelRegistry.Entry("peer_outlier", "model.online.PeerOutlierModel", null),

                new ModelRegistry.Entry("custom", "model.custom.CustomModel", null));
    }
}
