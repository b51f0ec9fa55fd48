package dev.vigil.models.envelope;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;

/**
 * State codec of {@code temporal_envelope_multivariate}. Payload version 3: each channel's envelope in
 * {@code temporal_envelope}'s payload version 3 (its digest's pending points stored). Payload version 2: as version 1, each channel's
 * envelope in {@code temporal_envelope}'s payload version 2 (with its tail floor); version 1, whose
 * channels are in that payload's version 1, is still read. Payload version 1: the channel count and
 * the rows seen (varints), each channel's envelope as {@code temporal_envelope}'s payload, then the
 * cross-channel rank (varint, 0: none) and, for a rank above 0, its rows learnt (varint), the mean
 * of |x|², the residual's mean square, the distance's mean and mean squared deviation (raw
 * doubles), the coordinates' mean squares, the mean and the basis ({@link StateWriter#writeDoubles}). About 1.5 KB per channel and up to
 * 1.5 KB more for its tail digest (version 2), plus 8 bytes per channel and rank.
 * Raw doubles throughout, so a restored model scores bit-identically. Stateless, thread-safe.
 */
final class MultivariateEnvelopeStateCodec implements StateCodec {

    static final MultivariateEnvelopeStateCodec INSTANCE = new MultivariateEnvelopeStateCodec();

    private MultivariateEnvelopeStateCodec() {
    }

    @Override
    public int version() {
        return 3;
    }

    @Override
    public int oldestReadable() {
        return 1;
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        if (!(model instanceof MultivariateEnvelopeModel m)) {
            throw new ModelStateException("model '" + model.spec().alias() + "' is not a temporal_envelope_multivariate"
                    + " model: " + model.getClass().getName());
        }
        out.writeVarInt(m.envelopes.length);
        out.writeVarLong(m.rows);
        for (EnvelopeModel e : m.envelopes) {
            EnvelopeStateCodec.writeState(e.state(), out);
        }
        CrossChannel c = m.cross;
        out.writeVarInt(c == null ? 0 : c.rank);
        if (c != null) {
            out.writeVarLong(c.n);
            out.writeDouble(c.energy);
            out.writeDouble(c.resVar);
            out.writeDouble(c.dMean);
            out.writeDouble(c.dVar);
            out.writeDoubles(c.lambda);
            out.writeDoubles(c.mean);
            out.writeDoubles(c.basis);
        }
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        if (!(spec instanceof MultivariateEnvelopeSpec ms)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        int channels = in.readVarInt();
        long rows = in.readVarLong();
        if (channels < 1 || channels > ms.maxChannels || rows < 0) {
            throw in.corrupt(channels + " channels (max_channels " + ms.maxChannels + "), " + rows + " rows");
        }
        EnvelopeModel[] envelopes = new EnvelopeModel[channels];
        for (int k = 0; k < channels; k++) {
            envelopes[k] = EnvelopeStateCodec.readState(ms, version, in);
        }
        int rank = in.readVarInt();
        if (rank != ms.effectiveRank(channels)) {
            throw in.corrupt("cross-channel rank " + rank + " for " + channels + " channels, the spec wants "
                    + ms.effectiveRank(channels));
        }
        CrossChannel cross = null;
        if (rank > 0) {
            long n = in.readVarLong();
            double energy = in.readDouble();
            double resVar = in.readDouble();
            double dMean = in.readDouble();
            double dVar = in.readDouble();
            double[] lambda = in.readDoubles();
            double[] mean = in.readDoubles();
            double[] basis = in.readDoubles();
            try {
                cross = new CrossChannel(channels, rank, mean, basis, lambda);
            } catch (IllegalArgumentException e) {
                throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: " + e.getMessage());
            }
            cross.n = n;
            cross.energy = energy;
            cross.resVar = resVar;
            cross.dMean = dMean;
            cross.dVar = dVar;
        }
        return new MultivariateEnvelopeModel(ms, envelopes, cross, rows);
    }
}
