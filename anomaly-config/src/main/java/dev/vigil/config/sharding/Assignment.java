package dev.vigil.config.sharding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Which members run a sub-configuration. Stateless and thread-safe.
 */
public final class Assignment {

    private Assignment() {
    }

    /**
     * The members (ascending) that run {@code sub} under {@code m}'s count, replication factor and
     * strategy. Round-robin: O(R); rendezvous: O(K log K) plus one SHA-256 of the key.
     */
    public static int[] members(SubConfig sub, Membership m) {
        int k = m.count();
        int r = m.replicationFactor();
        int[] out = new int[r];
        if (m.strategy() == Strategy.ROUND_ROBIN) {
            for (int j = 0; j < r; j++) {
                out[j] = (sub.index() + j) % k;
            }
        } else {
            long h = keyHash(sub.key());
            Integer[] byWeight = new Integer[k];
            long[] weight = new long[k];
            for (int i = 0; i < k; i++) {
                byWeight[i] = i;
                weight[i] = weight(h, i);
            }
            // Highest weight first; equal weights (practically never) go to the lower member number.
            Arrays.sort(byWeight, (a, b) -> weight[a] != weight[b] ? Long.compareUnsigned(weight[b], weight[a]) : a - b);
            for (int j = 0; j < r; j++) {
                out[j] = byWeight[j];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** Whether member {@code m.num()} runs {@code sub}. */
    public static boolean runsOn(SubConfig sub, Membership m) {
        return Arrays.binarySearch(members(sub, m), m.num()) >= 0;
    }

    /** The first 8 bytes of the SHA-256 of {@code key}: the same on every JVM and every run. */
    static long keyHash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The rendezvous weight of member {@code member} for a key hashing to {@code h} (SplitMix64's finaliser). */
    static long weight(long h, int member) {
        long z = h + (member + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
