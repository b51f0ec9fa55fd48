package dev.vigil.models.isolationforest;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Grows an isolation forest as scikit-learn's {@code IsolationForest.fit} does: each tree draws ψ
 * training rows (without replacement, or with it under {@code bootstrap}) and its
 * {@code treeFeatureCount} features (without replacement), then splits each node on a feature drawn
 * uniformly among those not constant in the node, at a threshold drawn uniformly in
 * {@code [min, max)} of that feature over the node's rows (a threshold that rounds to {@code max}
 * becomes {@code min}, as in scikit-learn's random splitter), rows {@code <= threshold} going left. A
 * node becomes a leaf at depth {@code ceil(log2 max(ψ, 2))}, with fewer than two rows, or when every
 * feature is constant over its rows.
 *
 * <p>Deterministic for a seed: each tree draws from its own {@link SplittableRandom} seeded from the
 * forest's generator. Not thread-safe (one fitter per fit). O(trees · ψ · depth) time, plus O(n) for
 * the sampling permutation.
 */
final class ForestFitter {

    private final double[] x;
    private final int n;
    private final int dims;
    private final int psi;
    private final int treeFeatureCount;
    private final boolean bootstrap;
    private final int depthLimit;

    private int[] feature = new int[1024];
    private double[] threshold = new double[1024];
    private int[] child = new int[1024];
    private int[] size = new int[1024];
    private int nodes;
    private double[] pure = new double[64];
    private int pureLength;
    // scratch of one fit
    private int[] perm;
    private int[] featurePerm;
    private int[] roots;
    private int[] treeFeatures;
    private int[] sample;
    private int[] candidates;
    private int[] stack;

    /**
     * @param x                the training rows, row-major ({@code n · dims} values, no NaN)
     * @param n                the number of rows, at least 1
     * @param dims             features per row
     * @param psi              ψ, rows per tree, in [1, n]
     * @param treeFeatureCount features per tree, in [1, dims]
     * @param bootstrap        draw rows with replacement
     */
    ForestFitter(double[] x, int n, int dims, int psi, int treeFeatureCount, boolean bootstrap) {
        this.x = x;
        this.n = n;
        this.dims = dims;
        this.psi = psi;
        this.treeFeatureCount = treeFeatureCount;
        this.bootstrap = bootstrap;
        this.depthLimit = depthLimit(psi);
    }

    /** scikit-learn's {@code max_depth}: {@code ceil(log2(max(ψ, 2)))}, computed on integers. */
    static int depthLimit(int psi) {
        int m = Math.max(psi, 2);
        return 32 - Integer.numberOfLeadingZeros(m - 1);
    }

    /** Grows {@code trees} trees from {@code seed}. */
    Forest fit(int trees, long seed) {
        SplittableRandom forestRandom = new SplittableRandom(seed);
        perm = identity(n);
        featurePerm = identity(dims);
        roots = new int[trees];
        treeFeatures = new int[trees * treeFeatureCount];
        sample = new int[psi];
        candidates = new int[treeFeatureCount];
        // stack of nodes to split: node index, start, end, depth
        stack = new int[4 * (depthLimit + 2) * 2];
        for (int t = 0; t < trees; t++) {
            grow(t, new SplittableRandom(forestRandom.nextLong()));
        }
        return new Forest(dims, psi, treeFeatureCount, roots, treeFeatures, Arrays.copyOf(feature, nodes),
                Arrays.copyOf(threshold, nodes), Arrays.copyOf(child, nodes), Arrays.copyOf(size, nodes),
                Arrays.copyOf(pure, pureLength));
    }

    /** {0, 1, ..., n - 1}. */
    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /**
     * Grows tree {@code t} with its own generator. A method of its own, so that the JIT compiles the
     * growth of one tree rather than the whole of {@link #fit} through on-stack replacement: that
     * compilation cost more CPU than the fit it sped up.
     */
    private void grow(int t, SplittableRandom r) {
        drawSample(r, perm, sample);
        int tf = t * treeFeatureCount;
        if (treeFeatureCount == dims) {
            for (int j = 0; j < dims; j++) {
                treeFeatures[tf + j] = j;
            }
        } else {
            for (int j = 0; j < treeFeatureCount; j++) {
                int k = j + r.nextInt(dims - j);
                int tmp = featurePerm[j];
                featurePerm[j] = featurePerm[k];
                featurePerm[k] = tmp;
                treeFeatures[tf + j] = featurePerm[j];
            }
            Arrays.sort(treeFeatures, tf, tf + treeFeatureCount);
        }
        roots[t] = newNode(psi);
        int sp = 0;
        stack[sp++] = roots[t];
        stack[sp++] = 0;
        stack[sp++] = psi;
        stack[sp++] = 0;
        while (sp > 0) {
            int depth = stack[--sp];
            int end = stack[--sp];
            int start = stack[--sp];
            int node = stack[--sp];
            int count = end - start;
            if (depth >= depthLimit || count < 2) {
                leaf(node, sample, start, end, treeFeatures, tf, false);
                continue;
            }
            System.arraycopy(treeFeatures, tf, candidates, 0, treeFeatureCount);
            int left = split(node, r, sample, start, end, candidates);
            if (left < 0) {
                leaf(node, sample, start, end, treeFeatures, tf, true);
                continue;
            }
            int l = newNode(left - start);
            int rgt = newNode(end - left);
            child[node] = l;
            if (rgt != l + 1) {
                throw new IllegalStateException("children must be adjacent");
            }
            if (sp + 8 > stack.length) {
                stack = Arrays.copyOf(stack, stack.length * 2);
            }
            // right first, so that the left subtree is grown (and numbered) first
            stack[sp++] = rgt;
            stack[sp++] = left;
            stack[sp++] = end;
            stack[sp++] = depth + 1;
            stack[sp++] = l;
            stack[sp++] = start;
            stack[sp++] = left;
            stack[sp++] = depth + 1;
        }
    }

    /** ψ row indices: a partial Fisher-Yates shuffle of {@code perm} (which stays a permutation), or draws with replacement. */
    private void drawSample(SplittableRandom r, int[] perm, int[] sample) {
        if (bootstrap) {
            for (int i = 0; i < psi; i++) {
                sample[i] = r.nextInt(n);
            }
            return;
        }
        for (int i = 0; i < psi; i++) {
            int k = i + r.nextInt(n - i);
            int tmp = perm[i];
            perm[i] = perm[k];
            perm[k] = tmp;
            sample[i] = perm[i];
        }
    }

    /**
     * Splits node {@code node} over {@code sample[start, end)}: draws a non-constant feature and a
     * threshold, partitions the rows in place and returns the index where the right part starts;
     * -1 when every candidate feature is constant over the rows (nothing is changed then).
     */
    private int split(int node, SplittableRandom r, int[] sample, int start, int end, int[] candidates) {
        int remaining = candidates.length;
        while (remaining > 0) {
            int pick = r.nextInt(remaining);
            int f = candidates[pick];
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = start; i < end; i++) {
                double v = x[sample[i] * dims + f];
                if (v < min) {
                    min = v;
                }
                if (v > max) {
                    max = v;
                }
            }
            if (max > min) {
                double thr = min + (max - min) * r.nextDouble();
                if (thr >= max) {
                    thr = min;
                }
                feature[node] = f;
                threshold[node] = thr;
                int i = start;
                int j = end - 1;
                while (i <= j) {
                    if (x[sample[i] * dims + f] <= thr) {
                        i++;
                    } else {
                        int tmp = sample[i];
                        sample[i] = sample[j];
                        sample[j--] = tmp;
                    }
                }
                return i;
            }
            // constant here: never draw it again for this node
            candidates[pick] = candidates[--remaining];
            candidates[remaining] = f;
        }
        return -1;
    }

    /** Makes {@code node} a leaf; records its row when its rows (two or more) are all identical. */
    private void leaf(int node, int[] sample, int start, int end, int[] treeFeatures, int tf, boolean knownPure) {
        feature[node] = -1;
        threshold[node] = 0.0;
        child[node] = -1;
        if (end - start < 2) {
            return;
        }
        int first = sample[start] * dims;
        if (!knownPure) {
            for (int i = start + 1; i < end; i++) {
                int row = sample[i] * dims;
                for (int j = 0; j < treeFeatureCount; j++) {
                    int f = treeFeatures[tf + j];
                    if (x[row + f] != x[first + f]) {
                        return;
                    }
                }
            }
        }
        if (pureLength + treeFeatureCount > pure.length) {
            pure = Arrays.copyOf(pure, Math.max(pure.length * 2, pureLength + treeFeatureCount));
        }
        for (int j = 0; j < treeFeatureCount; j++) {
            pure[pureLength + j] = x[first + treeFeatures[tf + j]];
        }
        child[node] = pureLength;
        pureLength += treeFeatureCount;
    }

    private int newNode(int rows) {
        if (nodes == feature.length) {
            int cap = nodes * 2;
            feature = Arrays.copyOf(feature, cap);
            threshold = Arrays.copyOf(threshold, cap);
            child = Arrays.copyOf(child, cap);
            size = Arrays.copyOf(size, cap);
        }
        size[nodes] = rows;
        return nodes++;
    }
}
