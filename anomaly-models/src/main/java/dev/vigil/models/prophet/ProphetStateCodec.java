package dev.vigil.models.prophet;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.prophet.ProphetOptions.Seasonality;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * State codec of {@code prophet}. Payload version 1, in order: start (long), time scale, y scale
 * (doubles), changepoints (doubles), k, m (doubles), δ (doubles), β (doubles), σ (double), history
 * size (varint), then the seasonalities in effect: a varint count and per seasonality its name
 * (string), period in days (double), Fourier order (varint), prior scale (double) and whether it is
 * multiplicative (boolean). A few hundred bytes. Stateless, thread-safe.
 */
final class ProphetStateCodec implements StateCodec {

    static final ProphetStateCodec INSTANCE = new ProphetStateCodec();

    private ProphetStateCodec() {
    }

    @Override
    public int version() {
        return 1;
    }

    /** The state of a fitted Prophet model. */
    static ProphetState toState(FittedModel model) throws ModelStateException {
        if (!(model instanceof ProphetSpec.Fitted p)) {
            throw new ModelStateException("model '" + model.spec().alias() + "' is not a Prophet model: "
                    + model.getClass().getName());
        }
        ProphetFit f = p.state();
        return new ProphetState(f.startMs, f.tScaleMs, f.yScale, f.changepointsT.clone(), f.k, f.m, f.delta.clone(),
                f.beta.clone(), f.sigma, f.layout.seasonalities(), f.historySize);
    }

    /** A model of {@code spec} in the given state. */
    static FittedModel toModel(ModelSpec spec, ProphetState s) throws ModelStateException {
        if (!(spec instanceof ProphetSpec ps)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        Features layout = Features.of(s.seasonalities(), ps.options());
        if (s.beta().length != layout.width() || s.delta().length != s.changepointsT().length) {
            throw new ModelStateException("the state of model '" + spec.alias() + "' does not fit its spec: "
                    + s.beta().length + " coefficients for " + layout.width() + " feature columns, "
                    + s.delta().length + " rate changes for " + s.changepointsT().length + " changepoints");
        }
        ProphetFit f = new ProphetFit(ps.options(), s.startMs(), s.tScaleMs(), s.yScale(), s.changepointsT(), s.k(),
                s.m(), s.delta(), s.beta(), s.sigma(), layout, s.historySize());
        return new ProphetSpec.Fitted(ps, f);
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        ProphetState s = toState(model);
        out.writeLong(s.startMs());
        out.writeDouble(s.tScaleMs());
        out.writeDouble(s.yScale());
        out.writeDoubles(s.changepointsT());
        out.writeDouble(s.k());
        out.writeDouble(s.m());
        out.writeDoubles(s.delta());
        out.writeDoubles(s.beta());
        out.writeDouble(s.sigma());
        out.writeVarInt(s.historySize());
        out.writeVarInt(s.seasonalities().size());
        for (Seasonality x : s.seasonalities()) {
            out.writeString(x.name());
            out.writeDouble(x.periodDays());
            out.writeVarInt(x.order());
            out.writeDouble(x.priorScale());
            out.writeBoolean(x.multiplicative());
        }
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        long start = in.readLong();
        double tScale = in.readDouble();
        double yScale = in.readDouble();
        double[] cps = in.readDoubles();
        double k = in.readDouble();
        double m = in.readDouble();
        double[] delta = in.readDoubles();
        double[] beta = in.readDoubles();
        double sigma = in.readDouble();
        int history = in.readVarInt();
        int n = in.readLength(19);
        List<Seasonality> seas = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = in.readString();
            double period = in.readDouble();
            int order = in.readVarInt();
            double priorScale = in.readDouble();
            boolean mult = in.readBoolean();
            if (order < 1 || !(period > 0)) {
                throw in.corrupt("seasonality '" + name + "' has period " + period + " and order " + order);
            }
            seas.add(new Seasonality(name, period, order, priorScale, mult));
        }
        return toModel(spec, new ProphetState(start, tScale, yScale, cps, k, m, delta, beta, sigma, List.copyOf(seas),
                history));
    }
}
