package dev.vigil.core.stats;

import java.util.Arrays;

/**
 * The complete state of one t-digest inside a {@link StreamingQuantiles}: everything its future
 * answers and updates depend on, so that a digest rebuilt from it evolves bit for bit as the
 * original. Two shapes, one per t-digest variant in use. Immutable values: the arrays are copied in
 * and out.
 */
public sealed interface DigestState {

    /** The smallest value seen (t-digest's {@code min}); +∞ while empty. */
    double min();

    /** The largest value seen (t-digest's {@code max}); −∞ while empty. */
    double max();

    /** The number of centroids (merged ones for {@link Merging}). */
    int centroids();

    /**
     * A {@code MergingDigest}: the merged centroids, then the buffered points not merged yet, in
     * arrival order (their order decides how ties sort at the next merge).
     *
     * @param min            the smallest value seen
     * @param max            the largest value seen
     * @param mergeCount     merges done so far (its parity decides the direction of the next merge)
     * @param totalWeight    the weight of the merged centroids
     * @param means          the merged centroids' means, in order
     * @param weights        the merged centroids' weights
     * @param unmergedWeight the weight of the buffered points
     * @param bufferMeans    the buffered points' values, in arrival order
     * @param bufferWeights  the buffered points' weights
     */
    record Merging(double min, double max, int mergeCount, double totalWeight, double[] means, double[] weights,
            double unmergedWeight, double[] bufferMeans, double[] bufferWeights) implements DigestState {

        /** Copies the arrays and checks that paired arrays have the same length. */
        public Merging {
            means = means.clone();
            weights = weights.clone();
            bufferMeans = bufferMeans.clone();
            bufferWeights = bufferWeights.clone();
            if (means.length != weights.length || bufferMeans.length != bufferWeights.length) {
                throw new IllegalArgumentException("means and weights must have the same length");
            }
        }

        @Override
        public double[] means() {
            return means.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        @Override
        public double[] bufferMeans() {
            return bufferMeans.clone();
        }

        @Override
        public double[] bufferWeights() {
            return bufferWeights.clone();
        }

        @Override
        public int centroids() {
            return means.length;
        }

        // The arrays themselves, for this package's readers that do not change them (no copy).
        double[] rawMeans() {
            return means;
        }

        double[] rawWeights() {
            return weights;
        }

        double[] rawBufferMeans() {
            return bufferMeans;
        }

        double[] rawBufferWeights() {
            return bufferWeights;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Merging m && Double.compare(min, m.min) == 0 && Double.compare(max, m.max) == 0
                    && mergeCount == m.mergeCount && Double.compare(totalWeight, m.totalWeight) == 0
                    && Double.compare(unmergedWeight, m.unmergedWeight) == 0 && Arrays.equals(means, m.means)
                    && Arrays.equals(weights, m.weights) && Arrays.equals(bufferMeans, m.bufferMeans)
                    && Arrays.equals(bufferWeights, m.bufferWeights);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(means) + Arrays.hashCode(bufferMeans) + mergeCount;
        }

        @Override
        public String toString() {
            return "Merging[centroids=" + means.length + ", buffered=" + bufferMeans.length + ", merges=" + mergeCount
                    + "]";
        }
    }

    /**
     * An {@code AVLTreeDigest}: its node table as it is in memory. The shape of the tree matters, not
     * only the order of the centroids: t-digest 3.3 updates a centroid whose mean does not move
     * without refreshing the subtree sums above it, and later insertions read those (stale) sums,
     * so the digest's future depends on the exact tree. Node {@code i} is slot {@code i} of every
     * array; slot 0 is the null node (all zeros); slots of released nodes hold what they last held.
     *
     * @param min        the smallest value seen
     * @param max        the largest value seen
     * @param count      the total weight (t-digest's own counter)
     * @param random     the 48-bit state of the tie-breaking generator ({@link java.util.Random}'s algorithm)
     * @param root       the root node (0 while empty)
     * @param released   released node ids, bottom of the stack first (reused last-in first-out)
     * @param parent     per node, its parent
     * @param left       per node, its left child
     * @param right      per node, its right child
     * @param depth      per node, the height of its subtree
     * @param means      per node, the centroid's mean
     * @param counts     per node, the centroid's weight
     * @param aggregated per node, the subtree sum of weights as t-digest last stored it
     */
    record AvlTree(double min, double max, long count, long random, int root, int[] released, int[] parent,
            int[] left, int[] right, byte[] depth, double[] means, int[] counts, int[] aggregated)
            implements DigestState {

        /** Copies the arrays and checks that the per-node arrays have the same length (at least 1). */
        public AvlTree {
            released = released.clone();
            parent = parent.clone();
            left = left.clone();
            right = right.clone();
            depth = depth.clone();
            means = means.clone();
            counts = counts.clone();
            aggregated = aggregated.clone();
            int n = parent.length;
            if (n < 1 || left.length != n || right.length != n || depth.length != n || means.length != n
                    || counts.length != n || aggregated.length != n) {
                throw new IllegalArgumentException("the per-node arrays must have the same length (at least 1)");
            }
        }

        /** The number of node slots, the null node included (t-digest's next fresh node id). */
        public int slots() {
            return parent.length;
        }

        @Override
        public int centroids() {
            return parent.length - 1 - released.length;
        }

        // The arrays themselves, for this package's readers that do not change them (no copy).
        int[] rawParent() {
            return parent;
        }

        int[] rawLeft() {
            return left;
        }

        int[] rawRight() {
            return right;
        }

        byte[] rawDepth() {
            return depth;
        }

        double[] rawMeans() {
            return means;
        }

        int[] rawCounts() {
            return counts;
        }

        int[] rawAggregated() {
            return aggregated;
        }

        @Override
        public int[] released() {
            return released.clone();
        }

        @Override
        public int[] parent() {
            return parent.clone();
        }

        @Override
        public int[] left() {
            return left.clone();
        }

        @Override
        public int[] right() {
            return right.clone();
        }

        @Override
        public byte[] depth() {
            return depth.clone();
        }

        @Override
        public double[] means() {
            return means.clone();
        }

        @Override
        public int[] counts() {
            return counts.clone();
        }

        @Override
        public int[] aggregated() {
            return aggregated.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AvlTree a && Double.compare(min, a.min) == 0 && Double.compare(max, a.max) == 0
                    && count == a.count && random == a.random && root == a.root && Arrays.equals(released, a.released)
                    && Arrays.equals(parent, a.parent) && Arrays.equals(left, a.left) && Arrays.equals(right, a.right)
                    && Arrays.equals(depth, a.depth) && Arrays.equals(means, a.means)
                    && Arrays.equals(counts, a.counts) && Arrays.equals(aggregated, a.aggregated);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(means) + Long.hashCode(random) + root;
        }

        @Override
        public String toString() {
            return "AvlTree[centroids=" + centroids() + ", slots=" + parent.length + "]";
        }
    }
}
