package dev.vigil.models.isolationforest;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;

/**
 * State codec of both isolation forest models. Payload version 2, every count and index a varint:
 * channels, features per row, ψ, features per tree, {@code offset_} (raw double), per channel the fit
 * rows' ranges (a varint 1 then each channel's minimum and maximum as raw doubles, or a varint 0 for
 * a model restored from version 1, which has none and scores exactly as scikit-learn, without the
 * extension beyond the fit range), the trees, each
 * tree's features, then per node (tree by tree, in node order) {@code feature + 1} (0 for a leaf),
 * the node size, and for a split node its threshold (raw double) and left child relative to the node,
 * for a leaf its pure-row offset + 1 (0: none); then the pure rows (raw doubles). About 4 bytes per
 * leaf and 12 per split node: some 100 KB for the default 100 trees of ψ = 256. Stateless,
 * thread-safe; restoring gives bit-identical scores.
 */
final class IsolationForestStateCodec implements StateCodec {

    static final IsolationForestStateCodec INSTANCE = new IsolationForestStateCodec();

    private IsolationForestStateCodec() {
    }

    @Override
    public int version() {
        return 2;
    }

    /** Version 1 (no fit ranges) still reads: its models score exactly as scikit-learn. */
    @Override
    public int oldestReadable() {
        return 1;
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        if (!(model instanceof FittedForest m)) {
            throw new ModelStateException("model '" + model.spec().alias() + "' is not an isolation forest: "
                    + model.getClass().getName());
        }
        Forest f = m.forest();
        out.writeVarInt(m.channels());
        out.writeVarInt(f.dims);
        out.writeVarInt(f.maxSamples);
        out.writeVarInt(f.treeFeatureCount);
        out.writeDouble(m.offset());
        out.writeVarInt(m.low() == null ? 0 : 1);
        for (int c = 0; m.low() != null && c < m.channels(); c++) {
            out.writeDouble(m.low()[c]);
            out.writeDouble(m.high()[c]);
        }
        out.writeVarInt(f.trees());
        for (int v : f.treeFeatures) {
            out.writeVarInt(v);
        }
        out.writeVarInt(f.feature.length);
        for (int t = 0; t < f.trees(); t++) {
            out.writeVarInt(f.roots[t]);
        }
        for (int k = 0; k < f.feature.length; k++) {
            out.writeVarInt(f.feature[k] + 1);
            out.writeVarInt(f.size[k]);
            if (f.feature[k] >= 0) {
                out.writeDouble(f.threshold[k]);
                out.writeVarInt(f.child[k] - k);
            } else {
                out.writeVarInt(f.child[k] + 1);
            }
        }
        out.writeDoubles(f.pureValues);
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        if (!(spec instanceof IsolationForestSpec s)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        int channels = in.readVarInt();
        int dims = in.readVarInt();
        int psi = in.readVarInt();
        int tfc = in.readVarInt();
        double offset = in.readDouble();
        if (channels < 1 || dims != channels + s.seasonal().width() || tfc < 1 || tfc > dims) {
            throw in.corrupt("isolation forest of " + channels + " channels and " + dims + " features does not fit"
                    + " the spec's " + s.seasonal().width() + " seasonal features");
        }
        if (!(offset < 0)) {
            throw in.corrupt("offset_ must be negative, got " + offset);
        }
        double[] low = null;
        double[] high = null;
        int ranged = version >= 2 ? in.readVarInt() : 0;
        if (ranged > 1) {
            throw in.corrupt("fit-range flag must be 0 or 1, got " + ranged);
        }
        if (ranged == 1) {
            low = new double[channels];
            high = new double[channels];
            for (int c = 0; c < channels; c++) {
                low[c] = in.readDouble();
                high[c] = in.readDouble();
                if (!(low[c] <= high[c]) || !Double.isFinite(low[c]) || !Double.isFinite(high[c])) {
                    throw in.corrupt("channel " + c + " has an invalid fit range [" + low[c] + ", " + high[c] + "]");
                }
            }
        }
        int trees = in.readLength(1 + tfc);
        int[] treeFeatures = new int[trees * tfc];
        for (int i = 0; i < treeFeatures.length; i++) {
            treeFeatures[i] = in.readVarInt();
        }
        int nodes = in.readLength(3);
        int[] roots = new int[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = in.readVarInt();
        }
        int[] feature = new int[nodes];
        int[] size = new int[nodes];
        double[] threshold = new double[nodes];
        int[] child = new int[nodes];
        for (int k = 0; k < nodes; k++) {
            feature[k] = in.readVarInt() - 1;
            size[k] = in.readVarInt();
            if (feature[k] >= 0) {
                threshold[k] = in.readDouble();
                child[k] = k + in.readVarInt();
            } else {
                child[k] = in.readVarInt() - 1;
            }
        }
        double[] pure = in.readDoubles();
        Forest forest;
        try {
            forest = new Forest(dims, psi, tfc, roots, treeFeatures, feature, threshold, child, size, pure);
        } catch (IllegalArgumentException e) {
            throw in.corrupt(e.getMessage());
        }
        return new FittedForest(s, forest, offset, channels, low, high);
    }
}
