package dev.vigil.models.isolationforest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForestTest {

    /**
     * The path-length sums of the plain walk the class documents: follow the splits to a leaf,
     * counting the steps, then add c(size) unless the leaf is pure and the row differs from its row.
     */
    static double[] referenceSums(Forest f, double[] x, int rows) {
        double[] sums = new double[rows];
        for (int r = 0; r < rows; r++) {
            int off = r * f.dims;
            for (int t = 0; t < f.trees(); t++) {
                int node = f.roots[t];
                int depth = 0;
                while (f.feature[node] >= 0) {
                    node = f.child[node] + (x[off + f.feature[node]] <= f.threshold[node] ? 0 : 1);
                    depth++;
                }
                double adjustment = Forest.averagePathLength(f.size[node]);
                int p = f.child[node];
                for (int j = 0; p >= 0 && j < f.treeFeatureCount; j++) {
                    if (x[off + f.treeFeatures[t * f.treeFeatureCount + j]] != f.pureValues[p + j]) {
                        adjustment = 0.0;
                    }
                }
                sums[r] += depth + adjustment;
            }
        }
        return sums;
    }

    /** Rows of {@code dims} values: half continuous, half from few levels (so that pure leaves form). */
    static double[] rows(SplittableRandom r, int n, int dims) {
        double[] x = new double[n * dims];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 2 == 0 ? r.nextGaussian() * 3 : r.nextInt(3);
        }
        return x;
    }

    @Test
    void pathSums_randomForestsAndRows_bitIdenticalToThePlainWalk() {
        SplittableRandom r = new SplittableRandom(2024);
        for (int round = 0; round < 40; round++) {
            int dims = 1 + r.nextInt(6);
            int n = 2 + r.nextInt(700);
            double[] train = rows(r, n, dims);
            int psi = 1 + r.nextInt(Math.min(n, 300));
            int features = 1 + r.nextInt(dims);
            Forest f = new ForestFitter(train, n, dims, psi, features, r.nextBoolean()).fit(1 + r.nextInt(20), r.nextLong());
            int m = 1 + r.nextInt(2 * Forest.BLOCK + 20);
            double[] x = new double[m * dims];
            double[] fresh = rows(r, m, dims);
            for (int i = 0; i < m; i++) {
                // a training row (its leaf's own row when pure) or a new row
                boolean seen = r.nextBoolean();
                System.arraycopy(seen ? train : fresh, (seen ? r.nextInt(n) : i) * dims, x, i * dims, dims);
            }
            double[] sums = new double[m];
            f.pathSums(x, m, sums);
            double[] expected = referenceSums(f, x, m);
            for (int i = 0; i < m; i++) {
                assertThat(Double.doubleToRawLongBits(sums[i])).as("round %d row %d", round, i)
                        .isEqualTo(Double.doubleToRawLongBits(expected[i]));
            }
        }
    }

    @Test
    void pathSums_constantTraining_unseenRowIsolatedAtTheRoot() {
        double[] train = new double[50];
        java.util.Arrays.fill(train, 4.0);
        Forest f = new ForestFitter(train, 50, 1, 50, 1, false).fit(3, 1);
        double[] sums = new double[2];
        f.pathSums(new double[] {4.0, 5.0}, 2, sums);
        assertThat(sums[0]).isEqualTo(3 * Forest.averagePathLength(50));
        assertThat(sums[1]).isZero();
    }
}
