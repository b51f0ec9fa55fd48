package dev.vigil.models.isolationforest;

import java.util.Arrays;
import java.util.Objects;

/**
 * A fitted isolation forest, every tree flattened into primitive arrays indexed by node. A split
 * node {@code k} sends a row {@code x} to {@code child[k]} when {@code x[feature[k]] <= threshold[k]},
 * else to {@code child[k] + 1}; a leaf has {@code feature[k] == -1}, and {@code child[k]} is then
 * the offset in {@link #pureValues} of the one distinct training row it holds (a leaf of at least two
 * identical rows), or -1.
 *
 * <p>The path length of a row in a tree is the depth of its leaf plus {@code c(size)}, the average
 * path length of an unsuccessful search in a binary search tree of {@code size} points (scikit-learn's
 * {@code _average_path_length}). One deviation from scikit-learn, which only matters for duplicated
 * training rows: a row that differs from the identical rows of a pure leaf is isolated at that leaf
 * (no {@code c(size)} added), because one more split would separate it; scikit-learn, which cannot
 * split identical rows, scores it as one of them, so that on a constant series every value, however
 * far, would look normal.
 *
 * <p>Immutable and thread-safe. Scoring is O(rows · trees · depth), walks the trees iteratively, and
 * allocates nothing per row: rows are scored in blocks that stay in cache while every tree runs over
 * them. The sum of a row's path lengths is taken in tree order, so a row's score never depends on the
 * other rows scored with it.
 */
final class Forest {

    /** Rows per scoring block: {@value} rows of a few features stay in the L1/L2 cache. */
    static final int BLOCK = 512;

    private static final double EULER_GAMMA = 0.5772156649015329;

    final int dims;
    final int maxSamples;
    final int treeFeatureCount;
    final int[] roots;
    final int[] treeFeatures;
    final int[] feature;
    final double[] threshold;
    final int[] child;
    final int[] size;
    final double[] pureValues;
    /** c(size) of each leaf (0 for split nodes); derived. */
    private final double[] leafPath;
    /** trees · c(ψ), the divisor of a path-length sum; derived. */
    private final double denominator;

    /**
     * @param dims             features per row
     * @param maxSamples       ψ, the training rows drawn for each tree (the normalisation uses c(ψ))
     * @param treeFeatureCount features each tree may split on
     * @param roots            root node of each tree
     * @param treeFeatures     {@code treeFeatureCount} feature indices per tree
     * @param feature          per node: the split feature, -1 for a leaf
     * @param threshold        per node: the split value (0 for a leaf)
     * @param child            per node: the left child (the right one follows it), or for a leaf the
     *                         offset of its pure row in {@code pureValues} or -1
     * @param size             per node: the training rows that reached it
     * @param pureValues       the pure leaves' rows, {@code treeFeatureCount} values each
     * @throws IllegalArgumentException when the arrays are inconsistent (a corrupt state)
     */
    Forest(int dims, int maxSamples, int treeFeatureCount, int[] roots, int[] treeFeatures, int[] feature,
           double[] threshold, int[] child, int[] size, double[] pureValues) {
        this.dims = dims;
        this.maxSamples = maxSamples;
        this.treeFeatureCount = treeFeatureCount;
        this.roots = Objects.requireNonNull(roots);
        this.treeFeatures = Objects.requireNonNull(treeFeatures);
        this.feature = Objects.requireNonNull(feature);
        this.threshold = Objects.requireNonNull(threshold);
        this.child = Objects.requireNonNull(child);
        this.size = Objects.requireNonNull(size);
        this.pureValues = Objects.requireNonNull(pureValues);
        validate();
        this.leafPath = new double[feature.length];
        for (int k = 0; k < feature.length; k++) {
            if (feature[k] < 0) {
                leafPath[k] = averagePathLength(size[k]);
            }
        }
        this.denominator = roots.length * averagePathLength(maxSamples);
    }

    private void validate() {
        int nodes = feature.length;
        if (dims < 1 || maxSamples < 1 || treeFeatureCount < 1 || treeFeatureCount > dims || roots.length < 1
                || treeFeatures.length != roots.length * treeFeatureCount || threshold.length != nodes
                || child.length != nodes || size.length != nodes || pureValues.length % treeFeatureCount != 0) {
            throw new IllegalArgumentException("inconsistent forest arrays (" + roots.length + " trees, " + nodes
                    + " nodes, " + dims + " features)");
        }
        for (int f : treeFeatures) {
            if (f < 0 || f >= dims) {
                throw new IllegalArgumentException("tree feature " + f + " outside [0, " + dims + ")");
            }
        }
        for (int t = 0; t < roots.length; t++) {
            int end = t + 1 < roots.length ? roots[t + 1] : nodes;
            if (roots[t] < 0 || roots[t] >= end) {
                throw new IllegalArgumentException("tree " + t + " has no nodes");
            }
            for (int k = roots[t]; k < end; k++) {
                if (size[k] < 0) {
                    throw new IllegalArgumentException("node " + k + " has a negative size");
                }
                if (feature[k] >= 0) {
                    // children lie after their parent inside the same tree: every walk ends
                    if (feature[k] >= dims || child[k] <= k || child[k] + 1 >= end) {
                        throw new IllegalArgumentException("node " + k + " has an invalid split");
                    }
                } else if (feature[k] != -1 || child[k] < -1 || child[k] >= 0
                        && (child[k] + treeFeatureCount > pureValues.length || child[k] % treeFeatureCount != 0)) {
                    throw new IllegalArgumentException("leaf " + k + " is invalid");
                }
            }
        }
    }

    /** The number of trees. */
    int trees() {
        return roots.length;
    }

    /**
     * scikit-learn's {@code _average_path_length}: 0 for n ≤ 1, 1 for n = 2, else
     * {@code 2 (ln(n - 1) + γ) - 2 (n - 1) / n}.
     */
    static double averagePathLength(double n) {
        if (n <= 1) {
            return 0.0;
        }
        if (n <= 2) {
            return 1.0;
        }
        return 2.0 * (Math.log(n - 1.0) + EULER_GAMMA) - 2.0 * (n - 1.0) / n;
    }

    /**
     * Fills {@code sums[0, rows)} with each row's path length summed over the trees, for the rows
     * {@code x[r · dims, (r + 1) · dims)} (no NaN). O(rows · trees · depth); allocates nothing.
     */
    void pathSums(double[] x, int rows, double[] sums) {
        Arrays.fill(sums, 0, rows, 0.0);
        for (int from = 0; from < rows; from += BLOCK) {
            int to = Math.min(rows, from + BLOCK);
            for (int t = 0; t < roots.length; t++) {
                int root = roots[t];
                int tf = t * treeFeatureCount;
                int r = from;
                // Four walks at once: their loads overlap instead of waiting for one another.
                for (; r + 3 < to; r += 4) {
                    int o0 = r * dims;
                    int o1 = o0 + dims;
                    int o2 = o1 + dims;
                    int o3 = o2 + dims;
                    int n0 = root;
                    int n1 = root;
                    int n2 = root;
                    int n3 = root;
                    int d0 = 0;
                    int d1 = 0;
                    int d2 = 0;
                    int d3 = 0;
                    boolean more = true;
                    while (more) {
                        more = false;
                        int f = feature[n0];
                        if (f >= 0) {
                            n0 = child[n0] + (x[o0 + f] <= threshold[n0] ? 0 : 1);
                            d0++;
                            more = true;
                        }
                        f = feature[n1];
                        if (f >= 0) {
                            n1 = child[n1] + (x[o1 + f] <= threshold[n1] ? 0 : 1);
                            d1++;
                            more = true;
                        }
                        f = feature[n2];
                        if (f >= 0) {
                            n2 = child[n2] + (x[o2 + f] <= threshold[n2] ? 0 : 1);
                            d2++;
                            more = true;
                        }
                        f = feature[n3];
                        if (f >= 0) {
                            n3 = child[n3] + (x[o3 + f] <= threshold[n3] ? 0 : 1);
                            d3++;
                            more = true;
                        }
                    }
                    sums[r] += d0 + leafAdjustment(n0, x, o0, tf);
                    sums[r + 1] += d1 + leafAdjustment(n1, x, o1, tf);
                    sums[r + 2] += d2 + leafAdjustment(n2, x, o2, tf);
                    sums[r + 3] += d3 + leafAdjustment(n3, x, o3, tf);
                }
                for (; r < to; r++) {
                    int off = r * dims;
                    int node = root;
                    int depth = 0;
                    int f;
                    while ((f = feature[node]) >= 0) {
                        node = child[node] + (x[off + f] <= threshold[node] ? 0 : 1);
                        depth++;
                    }
                    sums[r] += depth + leafAdjustment(node, x, off, tf);
                }
            }
        }
    }

    private double leafAdjustment(int leaf, double[] x, int off, int tf) {
        int p = child[leaf];
        if (p >= 0) {
            for (int j = 0; j < treeFeatureCount; j++) {
                if (x[off + treeFeatures[tf + j]] != pureValues[p + j]) {
                    return 0.0;
                }
            }
        }
        return leafPath[leaf];
    }

    /**
     * scikit-learn's {@code score_samples} from a path-length sum: {@code -2^(-sum / (trees · c(ψ)))},
     * in [-1, 0); -0.5 when c(ψ) = 0 (ψ = 1), as scikit-learn divides with {@code where=denominator != 0}.
     * A mean path within 1e-12 (relative) of c(ψ) is taken as c(ψ): summing the same path length over
     * the trees rounds, and a row at exactly the average depth (every row of a constant series) must
     * score exactly -0.5, on the threshold of {@code contamination: auto} and not above it.
     */
    double scoreSample(double pathSum) {
        double e = denominator != 0 ? pathSum / denominator : 1.0;
        if (Math.abs(e - 1.0) < 1e-12) {
            e = 1.0;
        }
        return -Math.pow(2.0, -e);
    }
}
