package dev.vigil.models.holtwinters;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;

/**
 * State codec of {@code holtwinters}. Payload version 1, in order: center, scale (doubles), t0,
 * step (longs), autoSeason (boolean); the form: trend, damped, seasonal, m, init, then the Box-Cox
 * setting, the four fixed parameters, the known level and trend (doubles) and the known season
 * (a presence boolean, then doubles); the fit: parameters (doubles), λ, sse, residual std, last
 * level, last trend (doubles), the last season (doubles), evaluations (varint) and the in-sample
 * one-step forecasts (doubles, 8 bytes per grid point of the fit window: most of the size).
 * Stateless, thread-safe.
 */
final class HoltWintersStateCodec implements StateCodec {

    static final HoltWintersStateCodec INSTANCE = new HoltWintersStateCodec();

    private HoltWintersStateCodec() {
    }

    @Override
    public int version() {
        return 1;
    }

    /** The state of a fitted Holt-Winters model. */
    static HoltWintersState toState(FittedModel model) throws ModelStateException {
        if (model instanceof HoltWintersSpec.Fitted m) {
            return m.state();
        }
        throw new ModelStateException("model '" + model.spec().alias() + "' is not a Holt-Winters model: "
                + model.getClass().getName());
    }

    /** A model of {@code spec} in the given state. */
    static FittedModel toModel(ModelSpec spec, HoltWintersState s) throws ModelStateException {
        if (!(spec instanceof HoltWintersSpec hw)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        return new HoltWintersSpec.Fitted(hw, s.fit(), s.center(), s.scale(), s.t0(), s.step(), s.autoSeason());
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        HoltWintersState s = toState(model);
        out.writeDouble(s.center());
        out.writeDouble(s.scale());
        out.writeLong(s.t0());
        out.writeLong(s.step());
        out.writeBoolean(s.autoSeason());
        EsFit f = s.fit();
        EsConfig c = f.config();
        out.writeByte(c.trend());
        out.writeBoolean(c.damped());
        out.writeByte(c.seasonal());
        out.writeVarInt(c.m());
        out.writeByte(initCode(c.init()));
        out.writeDouble(c.boxCox());
        out.writeDouble(c.alpha());
        out.writeDouble(c.beta());
        out.writeDouble(c.gamma());
        out.writeDouble(c.phi());
        out.writeDouble(c.knownLevel());
        out.writeDouble(c.knownTrend());
        double[] ks = c.knownSeasonal();
        out.writeBoolean(ks != null);
        if (ks != null) {
            out.writeDoubles(ks);
        }
        out.writeDoubles(f.params());
        out.writeDouble(f.lambda());
        out.writeDouble(f.sse());
        out.writeDouble(f.residStd());
        out.writeDouble(f.lastLevel());
        out.writeDouble(f.lastTrend());
        out.writeDoubles(f.seasonTail());
        out.writeVarInt(f.evaluations());
        out.writeDoubles(f.fitted());
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        double center = in.readDouble();
        double scale = in.readDouble();
        long t0 = in.readLong();
        long step = in.readLong();
        boolean auto = in.readBoolean();
        int trend = component(in);
        boolean damped = in.readBoolean();
        int seasonal = component(in);
        int m = in.readVarInt();
        EsConfig.Init init = init(in);
        double boxCox = in.readDouble();
        double alpha = in.readDouble();
        double beta = in.readDouble();
        double gamma = in.readDouble();
        double phi = in.readDouble();
        double knownLevel = in.readDouble();
        double knownTrend = in.readDouble();
        double[] ks = in.readBoolean() ? in.readDoubles() : null;
        EsConfig c = new EsConfig(trend, damped, seasonal, m, init, boxCox, alpha, beta, gamma, phi, knownLevel,
                knownTrend, ks);
        double[] params = in.readDoubles();
        double lambda = in.readDouble();
        double sse = in.readDouble();
        double residStd = in.readDouble();
        double lastLevel = in.readDouble();
        double lastTrend = in.readDouble();
        double[] seasonTail = in.readDoubles();
        int evaluations = in.readVarInt();
        double[] fitted = in.readDoubles();
        int seasons = seasonal == Smoother.NONE ? 0 : m;
        if (step <= 0 || fitted.length == 0 || params.length < Smoother.SEASON0 + seasons
                || seasonal != Smoother.NONE && (m < 2 || seasonTail.length != m)) {
            throw in.corrupt("the fitted model is inconsistent (step " + step + ", " + fitted.length + " points, "
                    + params.length + " parameters, season " + m + " with " + seasonTail.length + " states)");
        }
        EsFit fit = new EsFit(c, params, lambda, sse, residStd, lastLevel, lastTrend, seasonTail, evaluations, fitted);
        return toModel(spec, new HoltWintersState(fit, center, scale, t0, step, auto));
    }

    private static int component(StateReader in) throws IOException {
        int v = in.readUnsignedByte();
        if (v != Smoother.NONE && v != Smoother.ADD && v != Smoother.MUL) {
            throw in.corrupt("unknown component " + v);
        }
        return v;
    }

    /** Stable codes of {@link EsConfig.Init}, independent of the enum's order. */
    private static int initCode(EsConfig.Init init) {
        switch (init) {
            case ESTIMATED: return 0;
            case HEURISTIC: return 1;
            default: return 2;
        }
    }

    private static EsConfig.Init init(StateReader in) throws IOException {
        int v = in.readUnsignedByte();
        switch (v) {
            case 0: return EsConfig.Init.ESTIMATED;
            case 1: return EsConfig.Init.HEURISTIC;
            case 2: return EsConfig.Init.KNOWN;
            default: throw in.corrupt("unknown initialisation method " + v);
        }
    }
}
