package dev.vigil.runner.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a corpus in NAB's layout: a windows JSON ({@code {"<category>/<name>.csv": [["start", "end"], ...]}},
 * timestamps {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, UTC) and the CSV files it names under a data
 * folder (header then {@code timestamp,value} rows; extra columns are ignored). Stateless.
 */
final class NabCorpus {

    /** NAB's timestamp format, fraction optional. */
    static final DateTimeFormatter TS = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);
    /** The format NAB writes. */
    static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /**
     * One labelled file as read.
     *
     * @param name       key in the windows JSON, e.g. {@code realKnownCause/nyc_taxi.csv}
     * @param timestamps epoch ms in file order (NAB's data repeats a few and has one step back)
     * @param values     the values ({@code NaN} when empty or {@code nan})
     * @param windows    labelled windows, inclusive {@code [start, end]} epoch-ms pairs
     */
    record Entry(String name, long[] timestamps, double[] values, long[] windows) {
    }

    private NabCorpus() {
    }

    static long parseTime(String s) {
        return LocalDateTime.parse(s.trim(), TS).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    static String formatTime(long ms) {
        return OUT.format(LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000), 0, ZoneOffset.UTC));
    }

    /** The windows JSON, in file order. */
    static Map<String, long[]> readWindows(Path json) throws IOException {
        Map<String, List<List<String>>> raw;
        try {
            raw = new ObjectMapper().readValue(json.toFile(), new TypeReference<LinkedHashMap<String, List<List<String>>>>() { });
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("labels file not found: " + json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("labels file " + json + " is not a NAB windows JSON"
                    + " ({\"<category>/<name>.csv\": [[\"start\", \"end\"], ...]}): " + e.getOriginalMessage());
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<List<String>>> e : raw.entrySet()) {
            List<List<String>> ws = e.getValue() == null ? List.of() : e.getValue();
            long[] w = new long[2 * ws.size()];
            for (int i = 0; i < ws.size(); i++) {
                List<String> pair = ws.get(i);
                if (pair == null || pair.size() != 2) {
                    throw new IllegalArgumentException(json + ": window " + i + " of '" + e.getKey()
                            + "' must be a [start, end] pair, got " + pair);
                }
                try {
                    w[2 * i] = parseTime(pair.get(0));
                    w[2 * i + 1] = parseTime(pair.get(1));
                } catch (DateTimeParseException ex) {
                    throw new IllegalArgumentException(json + ": window " + i + " of '" + e.getKey()
                            + "' has a bad timestamp '" + ex.getParsedString() + "' (expected YYYY-MM-DD HH:MM:SS[.ffffff])");
                }
            }
            out.put(e.getKey(), w);
        }
        return out;
    }

    /** One CSV: column 1 timestamp, column {@code column} (0-based) a number. */
    static Entry readCsv(Path file, String name, long[] windows, int column) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("'" + name + "' is labelled but " + file + " does not exist");
        }
        long[] ts = new long[1024];
        double[] vs = new double[1024];
        int n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            int lineNo = 1;
            if (line == null) {
                throw new IllegalArgumentException(file + " is empty (expected a header and timestamp,value rows)");
            }
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",", -1);
                if (parts.length <= column) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected at least " + (column + 1)
                            + " columns, got '" + line + "'");
                }
                if (n == ts.length) {
                    ts = Arrays.copyOf(ts, 2 * n);
                    vs = Arrays.copyOf(vs, 2 * n);
                }
                try {
                    ts[n] = parseTime(parts[0]);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": bad timestamp '" + parts[0]
                            + "' (expected YYYY-MM-DD HH:MM:SS)");
                }
                vs[n] = parseNumber(parts[column].trim(), file, lineNo);
                n++;
            }
        }
        return new Entry(name, Arrays.copyOf(ts, n), Arrays.copyOf(vs, n), windows);
    }

    private static double parseNumber(String s, Path file, int lineNo) {
        if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": '" + s + "' is not a number");
        }
    }

    /** Every labelled file of {@code dataDir}, in the windows file's order. */
    static List<Entry> read(Path dataDir, Path labels) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("data folder not found: " + dataDir);
        }
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : readWindows(labels).entrySet()) {
            out.add(readCsv(dataDir.resolve(e.getKey()), e.getKey(), e.getValue(), 1));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("labels file " + labels + " names no file");
        }
        return out;
    }

    /**
     * Timestamps made strictly increasing for the models (a repeated or earlier stamp becomes the
     * previous one plus 1 ms); scores keep the file's own timestamps.
     */
    static long[] strictlyIncreasing(long[] ts) {
        long[] out = ts.clone();
        for (int i = 1; i < out.length; i++) {
            if (out[i] <= out[i - 1]) {
                out[i] = out[i - 1] + 1;
            }
        }
        return out;
    }
}
