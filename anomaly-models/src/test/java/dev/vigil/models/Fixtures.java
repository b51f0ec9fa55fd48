package dev.vigil.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads the CSV fixtures under {@code dev/vigil/models/reference}: numeric columns, "#key,value" trailers. */
public final class Fixtures {

    /** The parsed file: rows of numbers ("nan" = NaN) and the trailer key/values. */
    public record Csv(List<String> header, List<double[]> rows, Map<String, Double> trailer) {
        /** A column by name. */
        public double[] column(String name) {
            int c = header.indexOf(name);
            if (c < 0) {
                throw new IllegalArgumentException("no column " + name + " in " + header);
            }
            double[] out = new double[rows.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rows.get(i)[c];
            }
            return out;
        }
    }

    private Fixtures() {
    }

    /** Loads {@code reference/<name>}. */
    public static Csv load(String name) throws IOException {
        List<String> header = null;
        List<double[]> rows = new ArrayList<>();
        Map<String, Double> trailer = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                Fixtures.class.getResourceAsStream("/dev/vigil/models/reference/" + name), name),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("# ") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",");
                if (line.startsWith("#")) {
                    for (int i = 0; i + 1 < parts.length; i += 2) {
                        trailer.put(parts[i].substring(1), Double.parseDouble(parts[i + 1]));
                    }
                } else if (header == null) {
                    header = List.of(parts);
                } else {
                    double[] row = new double[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        row[i] = parts[i].equals("nan") ? Double.NaN : Double.parseDouble(parts[i]);
                    }
                    rows.add(row);
                }
            }
        }
        return new Csv(header, rows, trailer);
    }
}
