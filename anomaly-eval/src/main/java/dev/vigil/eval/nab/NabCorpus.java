package dev.vigil.eval.nab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.time.Timestamps;
import dev.vigil.eval.InputException;
import dev.vigil.eval.csv.CsvSeries;
import dev.vigil.eval.csv.SeriesCsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a corpus in NAB's layout: a windows JSON ({@code {"<category>/<name>.csv": [["start", "end"], ...]}},
 * timestamps {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, UTC) and the CSV files it names under a data
 * folder, read with {@link SeriesCsvReader} in file order (NAB's data repeats a few timestamps and
 * steps back once). Stateless and thread-safe.
 */
public final class NabCorpus {

    /**
     * One labelled file as read.
     *
     * @param name       key in the windows JSON, e.g. {@code realKnownCause/nyc_taxi.csv}
     * @param data       the file as read (its series has strictly increasing timestamps, a repeated
     *                   or earlier stamp moved to the previous one plus 1 ms; texts kept as written)
     * @param timestamps the file's own timestamps, epoch ms, in file order (what NAB scores with)
     * @param windows    labelled windows, inclusive {@code [start, end]} epoch-ms pairs
     */
    public record Entry(String name, CsvSeries data, long[] timestamps, long[] windows) {
        /** The values ({@code NaN} where missing); a copy. */
        public double[] values() {
            return data.series().values();
        }

        public int size() {
            return timestamps.length;
        }
    }

    private NabCorpus() {
    }

    /** The windows JSON, in file order. */
    public static Map<String, long[]> readWindows(Path json) throws IOException {
        if (!Files.isRegularFile(json)) {
            throw new InputException("labels file not found: " + json);
        }
        Map<String, List<List<String>>> raw;
        try {
            raw = new ObjectMapper().readValue(json.toFile(),
                    new TypeReference<LinkedHashMap<String, List<List<String>>>>() { });
        } catch (JsonProcessingException e) {
            throw new InputException("labels file " + json + " is not a NAB windows JSON"
                    + " ({\"<category>/<name>.csv\": [[\"start\", \"end\"], ...]}): " + e.getOriginalMessage());
        }
        if (raw == null) {
            throw new InputException("labels file " + json + " is empty (expected a NAB windows JSON object)");
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<List<String>>> e : raw.entrySet()) {
            List<List<String>> ws = e.getValue() == null ? List.of() : e.getValue();
            long[] w = new long[2 * ws.size()];
            for (int i = 0; i < ws.size(); i++) {
                List<String> pair = ws.get(i);
                if (pair == null || pair.size() != 2 || pair.get(0) == null || pair.get(1) == null) {
                    throw new InputException(json + ": window " + i + " of '" + e.getKey()
                            + "' must be a [start, end] pair, got " + pair);
                }
                w[2 * i] = windowTime(json, e.getKey(), i, pair.get(0));
                w[2 * i + 1] = windowTime(json, e.getKey(), i, pair.get(1));
                if (w[2 * i + 1] < w[2 * i]) {
                    throw new InputException(json + ": window " + i + " of '" + e.getKey() + "' ends (" + pair.get(1)
                            + ") before it starts (" + pair.get(0) + ")");
                }
            }
            out.put(e.getKey(), w);
        }
        return out;
    }

    private static long windowTime(Path json, String key, int i, String text) {
        try {
            return Timestamps.parseMillis(text);
        } catch (IllegalArgumentException ex) {
            throw new InputException(json + ": window " + i + " of '" + key + "' has a bad timestamp '" + text + "': "
                    + ex.getMessage());
        }
    }

    /** One labelled CSV file ({@code timestamp,value}, header optional). */
    public static Entry readCsv(Path file, String name, long[] windows) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InputException("'" + name + "' is labelled but " + file + " does not exist");
        }
        CsvSeries data = SeriesCsvReader.read(file);
        return new Entry(name, data, fileTimestamps(data), windows);
    }

    /** The timestamps as written in the file (the series moves repeated ones forward by 1 ms). */
    private static long[] fileTimestamps(CsvSeries data) {
        long[] ts = data.series().timestamps();
        if (data.rowOrder().count() > 0) {
            for (int i = 0; i < ts.length; i++) {
                ts[i] = Timestamps.parseMillis(data.timestampText(i));
            }
        }
        return ts;
    }

    /** Every labelled file of {@code dataDir}, in the windows file's order. */
    public static List<Entry> read(Path dataDir, Path labels) throws IOException {
        return read(dataDir, labels, FileSelection.ALL);
    }

    /** The labelled files of {@code dataDir} that {@code selection} keeps, in the windows file's order. */
    public static List<Entry> read(Path dataDir, Path labels, FileSelection selection) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new InputException("data folder not found: " + dataDir);
        }
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : selection.apply(readWindows(labels)).entrySet()) {
            out.add(readCsv(dataDir.resolve(e.getKey()), e.getKey(), e.getValue()));
        }
        if (out.isEmpty()) {
            throw new InputException("labels file " + labels + " names no file");
        }
        return out;
    }
}
