package dev.vigil.models.registry;

import dev.vigil.models.ModelDescriptor.Topology;
import dev.vigil.models.context.ContextModels;
import dev.vigil.models.envelope.EnvelopeModels;
import dev.vigil.models.envelope.MultivariateEnvelopeModels;
import dev.vigil.models.holtwinters.HoltWintersModels;
import dev.vigil.models.isolationforest.IsolationForestModels;
import dev.vigil.models.mad.MadModels;
import dev.vigil.models.peer.PeerModels;
import dev.vigil.models.prophet.ProphetModels;
import dev.vigil.models.quantile.QuantileModels;
import dev.vigil.models.rollingquantile.RollingQuantileModels;
import dev.vigil.models.std.StdModels;
import dev.vigil.models.zscore.ZscoreModels;
import java.util.List;
import java.util.Map;

/**
 * The table of vmanomaly's model aliases (vmanomaly docs (v1.30), "Models"), the factories built so far
 * and their state codecs. Since vmanomaly v1.28.4 (CHANGELOG: "Migrate MADModel and ZScoreModel to
 * their respective online model implementations by default"; the offline versions are deprecated and
 * warn when used) the aliases {@code zscore} and {@code mad} name the online models; the offline
 * models are registered under their class paths only.
 *
 * <p>Each built model's entry carries its argument descriptors, declared beside its family's builder
 * ({@code XxxModels.ARGS}): the registry accepts exactly those keys and {@code vigil models --json}
 * lists them. To add a model: write its family's {@code ARGS} with {@link dev.vigil.models.ArgDescriptor#withCommon},
 * register it here with its topology and whether it is online, and give it a case in the models
 * module's {@code ModelContractTest} ({@code ModelDescriptorTest} then checks that the factory reads
 * exactly the declared keys and accepts every declared default).
 */
final class StandardModels {

    private StandardModels() {
    }

    static List<ModelRegistry.Entry> entries() {
        return List.of(
                new ModelRegistry.Entry(ZscoreModels.OFFLINE, ZscoreModels.OFFLINE, ZscoreModels::offline,
                        ZscoreModels.stateCodec(), false, ZscoreModels.OFFLINE_ARGS),

                new ModelRegistry.Entry("zscore_online", "model.online.OnlineZscoreModel", ZscoreModels::online,
                        ZscoreModels.stateCodec(), true, ZscoreModels.ONLINE_ARGS),

                new ModelRegistry.Entry(MadModels.OFFLINE, MadModels.OFFLINE, MadModels::offline, MadModels.stateCodec(),
                        false, MadModels.OFFLINE_ARGS),

                new ModelRegistry.Entry("mad_online", "model.online.OnlineMADModel", MadModels::online, MadModels.stateCodec(),
                        true, MadModels.ONLINE_ARGS),

                new ModelRegistry.Entry("quantile_online", "model.online.OnlineQuantileModel", QuantileModels::create,
                        QuantileModels.stateCodec(), true, QuantileModels.ARGS),

                new ModelRegistry.Entry("rolling_quantile", "model.rolling_quantile.RollingQuantileModel",
                        RollingQuantileModels::create, RollingQuantileModels.stateCodec(), true, RollingQuantileModels.ARGS),

                new ModelRegistry.Entry("std", "model.std.StdModel", StdModels::create, StdModels.stateCodec(), true,
                        StdModels.ARGS),

                new ModelRegistry.Entry("prophet", "model.prophet.ProphetModel", ProphetModels::spec,
                        ProphetModels.stateCodec(), false, ProphetModels.ARGS),

                new ModelRegistry.Entry("holtwinters", "model.holtwinters.HoltWinters", HoltWintersModels::create,
                        HoltWintersModels.stateCodec(), false, HoltWintersModels.ARGS),

                new ModelRegistry.Entry(ContextModels.ALIAS, "model.online.VigilOnlineModel", ContextModels::create,
                        ContextModels.stateCodec(), true, ContextModels.ARGS),

                new ModelRegistry.Entry(IsolationForestModels.MULTIVARIATE,
                        "model.isolation_forest.IsolationForestMultivariateModel", IsolationForestModels::multivariate,
                        IsolationForestModels.stateCodec(), Topology.MULTIVARIATE, false, IsolationForestModels.ARGS),

                new ModelRegistry.Entry(IsolationForestModels.UNIVARIATE, "model.isolation_forest.IsolationForestModel",
                        IsolationForestModels::univariate, IsolationForestModels.stateCodec(), Topology.UNIVARIATE,
                        false, IsolationForestModels.ARGS),

                ModelRegistry.Entry.unsupported("auto", "model.auto.AutoTunedModel", Topology.UNIVARIATE, false),

                new ModelRegistry.Entry("temporal_envelope", "model.online.TemporalEnvelopeModel", EnvelopeModels::create,
                        EnvelopeModels.stateCodec(), true, EnvelopeModels.ARGS),


                new ModelRegistry.Entry(MultivariateEnvelopeModels.ALIAS, "model.online.TemporalEnvelopeMultivariateModel",
                        MultivariateEnvelopeModels::create, MultivariateEnvelopeModels.stateCodec(), Topology.MULTIVARIATE,
                        true, MultivariateEnvelopeModels.ARGS),

                new ModelRegistry.Entry(PeerModels.ALIAS, "model.online.PeerOutlierModel", PeerModels::create,
                        PeerModels.stateCodec(),
                        Topology.PEER, true, PeerModels.ARGS),

                ModelRegistry.Entry.unsupported("custom", "model.custom.CustomModel", Topology.UNIVARIATE, false));
    }

    /** {@code zscore} → {@code zscore_online} and {@code mad} → {@code mad_online} (vmanomaly v1.28.4). */
    static List<ModelRegistry.Redirect> redirects() {
        return List.of(
                new ModelRegistry.Redirect("zscore", "zscore_online", ZscoreModels.OFFLINE,
                        "class 'zscore' means the online z-score 'zscore_online' (model.online.OnlineZscoreModel),"
                                + " as in vmanomaly since v1.28.4; write 'zscore_online' to say so, or '"
                                + ZscoreModels.OFFLINE + "' for the deprecated offline z-score"),
                new ModelRegistry.Redirect("mad", "mad_online", MadModels.OFFLINE,
                        "class 'mad' means the online MAD 'mad_online' (model.online.OnlineMADModel),"
                                + " as in vmanomaly since v1.28.4; write 'mad_online' to say so, or '"
                                + MadModels.OFFLINE + "' for the deprecated offline MAD"));
    }

    /** The deprecated offline models, by registered name, with their warning. */
    static Map<String, String> deprecations() {
        return Map.of(
                ZscoreModels.OFFLINE, "the offline z-score " + ZscoreModels.OFFLINE + " is deprecated since"
                        + " vmanomaly v1.28.4 (refitted only on fit_every); prefer 'zscore_online'",
                MadModels.OFFLINE, "the offline MAD " + MadModels.OFFLINE + " is deprecated since"
                        + " vmanomaly v1.28.4 (refitted only on fit_every); prefer 'mad_online'");
    }
}
