package dev.vigil.vm;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.time.ZoneId;
import java.util.Map;

/**
 * The answer to one {@link VmReader#read} call. Immutable.
 *
 * @param alias     the query alias
 * @param series    the series by canonical label set, in {@link Labels} order; unmodifiable
 * @param startMs   first timestamp asked for (offset applied), epoch ms
 * @param endMs     last timestamp asked for (offset applied), epoch ms
 * @param stepMs    the step used
 * @param tz        the effective {@code tz}
 * @param dataRange the effective {@code data_range}
 * @param requests  how many chunk requests were made
 * @param dropped   the points of the answer no model will score: non-finite values (kept as NaN) and
 *                  points whose timestamps went backwards or repeated (removed)
 */
public record QueryResult(String alias, Map<Labels, Series> series, long startMs, long endMs, long stepMs, ZoneId tz,
                          DataRange dataRange, int requests, DroppedPoints dropped) {

    /** Total number of points over all series. */
    public long points() {
        long n = 0;
        for (Series s : series.values()) {
            n += s.size();
        }
        return n;
    }
}
