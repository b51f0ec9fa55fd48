package dev.vigil.models.prophet;

import dev.vigil.core.series.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reference case written by src/test/resources/prophet/make_fixtures.R: R prophet with its default
 * optimiser settings ({@code forecast}, {@code params}) and refitted to convergence
 * ({@code convergedYhat}, {@code converged}).
 */
record RFixture(String name, Series input, long[] forecastMs, double[][] forecast, Map<String, String> params,
        double[] convergedYhat, Map<String, String> converged) {

    /** Forecast columns, in file order. */
    static final List<String> COLUMNS = List.of("yhat", "yhat_lower", "yhat_upper", "trend", "trend_lower",
            "trend_upper");

    static RFixture load(String name) {
        List<String[]> in = csv(name + ".input.csv");
        long[] ms = new long[in.size()];
        double[] y = new double[in.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = Long.parseLong(in.get(i)[0].trim()) * 1000L;
            String v = in.get(i)[1].trim();
            y[i] = v.equals("NA") ? Double.NaN : Double.parseDouble(v);
        }
        List<String[]> fc = csv(name + ".forecast.csv");
        long[] fms = new long[fc.size()];
        double[][] cols = new double[COLUMNS.size()][fc.size()];
        for (int i = 0; i < fms.length; i++) {
            fms[i] = Long.parseLong(fc.get(i)[0].trim()) * 1000L;
            for (int c = 0; c < COLUMNS.size(); c++) {
                cols[c][i] = Double.parseDouble(fc.get(i)[c + 1].trim());
            }
        }
        List<String[]> cf = csv(name + ".converged.forecast.csv");
        double[] cy = new double[cf.size()];
        for (int i = 0; i < cy.length; i++) {
            if (Long.parseLong(cf.get(i)[0].trim()) * 1000L != fms[i]) {
                throw new IllegalStateException(name + ": converged forecast row " + i + " has another timestamp");
            }
            cy[i] = Double.parseDouble(cf.get(i)[1].trim());
        }
        return new RFixture(name, Series.of(ms, y), fms, cols, readParams(name + ".params.csv"), cy,
                readParams(name + ".converged.params.csv"));
    }

    private static Map<String, String> readParams(String file) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String line : lines(file)) {
            int comma = line.indexOf(',');
            params.put(line.substring(0, comma), line.substring(comma + 1).trim());
        }
        return params;
    }

    double[] column(String c) {
        return forecast[COLUMNS.indexOf(c)];
    }

    double param(String key) {
        return Double.parseDouble(params.get(key));
    }

    double[] params(String key) {
        return values(params, key);
    }

    double convergedParam(String key) {
        return Double.parseDouble(converged.get(key));
    }

    double[] convergedParams(String key) {
        return values(converged, key);
    }

    private static double[] values(Map<String, String> map, String key) {
        String v = map.get(key);
        if (v.isEmpty()) {
            return new double[0];
        }
        String[] parts = v.trim().split("\\s+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }

    private static List<String[]> csv(String file) {
        List<String> ls = lines(file);
        List<String[]> out = new ArrayList<>();
        for (String l : ls.subList(1, ls.size())) {
            out.add(l.split(","));
        }
        return out;
    }

    private static List<String> lines(String file) {
        InputStream is = RFixture.class.getResourceAsStream("/prophet/" + file);
        if (is == null) {
            throw new IllegalStateException("missing test resource /prophet/" + file);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(is, StandardCharsets.UTF_8))) {
            List<String> out = new ArrayList<>();
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
