package dev.vigil.eval.nab;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helper: finds the shared NAB folder ({@code shared/nab} beside the clone, searched from the
 * working directory upward, or {@code -Dvigil.nab.dir}) and reads a detector's scores with the windows.
 * Core has no JSON library, so the (flat) windows file is read with a regular expression. Published in
 * core's test-jar: the runner's corpus tests find the folder the same way.
 */
public final class NabCorpusFixture {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");

    private NabCorpusFixture() {
    }

    /** The NAB folder; skips the test locally when absent, fails it in CI ({@code CI=true}). */
    public static Path nabDir() {
        String prop = System.getProperty("vigil.nab.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve("nab");
            if (Files.isDirectory(c.resolve("labels"))) {
                return c;
            }
        }
        String msg = "NAB data not found: expected shared/nab in a parent of " + Path.of("").toAbsolutePath()
                + " (CI checks it out beside the clone) or -Dvigil.nab.dir";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(msg);
        }
        Assumptions.assumeTrue(false, msg);
        return null;
    }

    static long millis(String ts) {
        return LocalDateTime.parse(ts.substring(0, 19), TS).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** {@code file -> [start, end, ...]} from a NAB windows JSON. */
    static Map<String, long[]> windows(Path json) throws IOException {
        Matcher m = STRING.matcher(Files.readString(json));
        Map<String, List<Long>> raw = new LinkedHashMap<>();
        List<Long> cur = null;
        while (m.find()) {
            String s = m.group(1);
            if (s.endsWith(".csv")) {
                cur = new ArrayList<>();
                raw.put(s, cur);
            } else {
                cur.add(millis(s));
            }
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, v.stream().mapToLong(Long::longValue).toArray()));
        return out;
    }

    /** The corpus of a detector's result folder ({@code <dir>/<category>/<name>.csv}, column 2 = score). */
    static List<NabFile> corpus(Path scoresDir, Map<String, long[]> windows) throws IOException {
        List<NabFile> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : windows.entrySet()) {
            List<String> lines = Files.readAllLines(scoresDir.resolve(e.getKey()));
            int n = lines.size() - 1;
            long[] ts = new long[n];
            double[] sc = new double[n];
            for (int i = 0; i < n; i++) {
                String[] parts = lines.get(i + 1).split(",");
                ts[i] = millis(parts[0]);
                sc[i] = Double.parseDouble(parts[1]);
            }
            out.add(new NabFile(e.getKey(), ts, sc, e.getValue()));
        }
        return out;
    }
}
