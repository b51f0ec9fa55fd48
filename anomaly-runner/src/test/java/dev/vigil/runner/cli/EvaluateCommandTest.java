package dev.vigil.runner.cli;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.eval.corpus.Evaluation;
import dev.vigil.eval.nab.NabCorpus;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.Refit;
import dev.vigil.models.Replay;
import dev.vigil.models.registry.ModelRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.eval.nab.NabFile;
import dev.vigil.eval.nab.NabScorer;
import dev.vigil.eval.nab.Profile;
import dev.vigil.runner.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil evaluate} end to end on a three-file NAB subset (src/test/resources/.../nab, made by
 * its {@code copy_nab.sh}): two real files with their windows and a window-less flat line.
 */
class EvaluateCommandTest {

    private static final double EPS = 1e-9;
    private static final String[] FILES = {"realKnownCause/rogue_agent_key_hold.csv", "realTraffic/speed_7578.csv",
        "artificialNoAnomaly/art_flatline.csv"};

    @TempDir
    Path tmp;

    /** Result of one in-process run. */
    record Run(int code, String out, String err) {
        /** The cells of the table row of {@code detector} (without the name). */
        List<String> row(String detector) {
            return out.lines().filter(l -> l.startsWith("| " + detector + " |")).findFirst()
                    .map(l -> Arrays.stream(l.substring(2, l.length() - 1).split("\\|")).map(String::trim).skip(1).toList())
                    .orElseThrow(() -> new AssertionError("no row for " + detector + " in\n" + out + "\nstderr:\n" + err));
        }

        double nab(String detector, int profile) {
            return Double.parseDouble(row(detector).get(profile));
        }
    }

    static Run run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path fixture() {
        try {
            return Path.of(EvaluateCommandTest.class.getResource("nab/windows.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String data() {
        return fixture().resolve("data").toString();
    }

    private static String labels() {
        return fixture().resolve("windows.json").toString();
    }

    @Test
    void evaluate_modelsOnSubset_printsOneRowPerDetectorWithAllProfiles() {
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore_online", "-m", "quantile_online",
                "-m", EvaluateCommand.BASELINE, "-a", "window=50", "--name", "rz50");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow())
                .contains("standard").contains("reward_low_FP_rate").contains("reward_low_FN_rate");
        for (String d : List.of("zscore_online", "quantile_online", "rz50")) {
            List<String> cells = r.row(d);
            for (int p = 0; p < 3; p++) {
                // A normalised NAB score is at most 100 (the perfect detector); it may be negative.
                assertThat(Double.parseDouble(cells.get(p))).as(d + " profile " + p).isLessThanOrEqualTo(100.0);
            }
            assertThat(cells.get(4)).as("windows found").endsWith("/6");
        }
        assertThat(r.err()).contains("read 3 files, 4009 rows").contains("zscore_online: replayed 3 files");
    }

    @Test
    void evaluate_argsAfterEachModel_applyToThatModelOnly() {
        // rolling_quantile needs its two arguments; had they gone to zscore_online it would reject them.
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore_online",
                "-m", "rolling_quantile", "-a", "quantile=0.9", "-a", "window_steps=50");
        assertThat(r.code()).as(r.err()).isZero();
        r.row("zscore_online");
        r.row("rolling_quantile{quantile=0.9, window_steps=50}");
    }

    @Test
    void evaluate_perfectAndNullDetectorScores_normaliseTo100And0() throws IOException {
        Map<String, long[]> windows = NabCorpus.readWindows(fixture().resolve("windows.json"));
        Path perfect = tmp.resolve("perfect");
        Path nothing = tmp.resolve("null");
        for (String f : FILES) {
            NabCorpus.Entry e = NabCorpus.readCsv(fixture().resolve("data").resolve(f), f, windows.get(f));
            long[] w = e.windows();
            StringBuilder p = new StringBuilder("timestamp,anomaly_score\n");
            StringBuilder z = new StringBuilder("timestamp,anomaly_score\n");
            int k = 0;
            for (int i = 0; i < e.size(); i++) {
                long t = e.timestamps()[i];
                boolean firstInWindow = k < w.length && t >= w[k] && t <= w[k + 1];
                if (firstInWindow) {
                    k += 2;
                }
                p.append(e.data().timestampText(i)).append(',').append(firstInWindow ? 1.0 : 0.0).append('\n');
                z.append(e.data().timestampText(i)).append(",0\n");
            }
            write(perfect.resolve(f), p.toString());
            write(nothing.resolve(f), z.toString());
        }
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "--scores", perfect.toString(),
                "--scores", nothing.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (int p = 0; p < 3; p++) {
            assertThat(r.nab("perfect", p)).isCloseTo(100.0, within(EPS));
            assertThat(r.nab("null", p)).isCloseTo(0.0, within(EPS));
        }
        assertThat(r.row("perfect").subList(4, 9)).containsExactly("6/6", "0", "1.00", "1.00", "1.00");
    }

    @Test
    void evaluate_outputScoresReadBackWithScores_giveTheSameTable() throws IOException {
        Path out = tmp.resolve("out");
        Run first = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore_online", "--output",
                out.toString());
        assertThat(first.code()).as(first.err()).isZero();
        for (String f : FILES) {
            List<String> written = Files.readAllLines(out.resolve("zscore_online").resolve(f));
            List<String> input = Files.readAllLines(fixture().resolve("data").resolve(f));
            assertThat(written).hasSameSizeAs(input);
            assertThat(written.get(0)).isEqualTo("timestamp,anomaly_score");
            for (int i = 1; i < input.size(); i++) {
                assertThat(written.get(i).split(",", -1)[0]).isEqualTo(input.get(i).split(",")[0]);
            }
        }
        Run again = run("evaluate", "--data", data(), "--labels", labels(), "--scores",
                out.resolve("zscore_online").toString());
        assertThat(again.code()).as(again.err()).isZero();
        // Same numbers except the timing column.
        assertThat(again.row("zscore_online").subList(0, 10)).isEqualTo(first.row("zscore_online").subList(0, 10));
    }

    @Test
    void evaluate_refitSchedule_scoresEqualReplayWithThatScheduleAndDefaultIsTheTutorials() throws IOException {
        Path out = tmp.resolve("refit");
        Run def = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "--output", out.toString());
        assertThat(def.code()).as(def.err()).isZero();
        assertThat(def.err()).contains("refit every 2h on the last 2w");
        Run rows = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "--name", "z100",
                "--fit-every", "100", "--fit-window", "400", "--output", out.toString());
        Run never = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "--name", "once",
                "--fit-every", "never", "--output", out.toString());
        assertThat(rows.code()).as(rows.err()).isZero();
        assertThat(never.code()).as(never.err()).isZero();
        assertThat(never.err()).contains("no refits");
        Map<String, long[]> windows = NabCorpus.readWindows(fixture().resolve("windows.json"));
        String f = FILES[1];
        NabCorpus.Entry e = NabCorpus.readCsv(fixture().resolve("data").resolve(f), f, windows.get(f));
        int fit = Evaluation.fitPoints(e.size(), null);
        dev.vigil.models.ModelSpec spec = dev.vigil.models.registry.ModelRegistry.standard().create("zscore", Map.of());
        Map<String, dev.vigil.models.Refit> schedules = Map.of(
                "zscore", dev.vigil.models.Refit.parse("2h", "14d"),
                "z100", dev.vigil.models.Refit.parse("100", "400"));
        for (var s : schedules.entrySet()) {
            double[] want = score(dev.vigil.models.Replay.run(spec, e.data().series(), fit, s.getValue(), null));
            assertThat(readScores(out.resolve(s.getKey()).resolve(f))).as(s.getKey()).containsExactly(want, within(0.0));
        }
        double[] once = score(dev.vigil.models.Replay.run(spec, e.data().series(), fit, null));
        assertThat(readScores(out.resolve("once").resolve(f))).containsExactly(once, within(0.0));
        assertThat(readScores(out.resolve("z100").resolve(f))).isNotEqualTo(once);
    }

    @Test
    void evaluate_dottedArg_reachesTheNestedModelArgument() {
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "-m", "prophet", "-a", "args.interval_width=2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("interval_width").contains("2");
        assertThat(dev.vigil.runner.cli.CliArgs.nest(new java.util.LinkedHashMap<>(Map.of("args.interval_width", "0.98"))))
                .isEqualTo(Map.of("args", Map.of("interval_width", "0.98")));
        Run clash = run("evaluate", "--data", data(), "--labels", labels(), "-m", "prophet", "-a", "args=1",
                "-a", "args.interval_width=0.9");
        assertThat(clash.code()).isEqualTo(2);
        assertThat(clash.err()).contains("args.interval_width");
    }

    @Test
    void evaluate_jobs_replaysFilesConcurrentlyWithTheSameScoresAsOneJob() throws IOException {
        Path out = tmp.resolve("jobs");
        Run one = run("evaluate", "--data", data(), "--labels", labels(), "-m", "quantile_online", "--name", "one",
                "-m", "holtwinters", "-a", "seasonality=auto", "--name", "hw1", "--jobs", "1", "--output", out.toString());
        Run three = run("evaluate", "--data", data(), "--labels", labels(), "-m", "quantile_online", "--name", "three",
                "-m", "holtwinters", "-a", "seasonality=auto", "--name", "hw3", "-j", "3", "--output", out.toString());
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(three.code()).as(three.err()).isZero();
        for (String f : FILES) {
            assertThat(Files.readAllLines(out.resolve("three").resolve(f)))
                    .isEqualTo(Files.readAllLines(out.resolve("one").resolve(f)));
            assertThat(Files.readAllLines(out.resolve("hw3").resolve(f)))
                    .isEqualTo(Files.readAllLines(out.resolve("hw1").resolve(f)));
        }
        assertThat(three.row("three").subList(0, 10)).isEqualTo(one.row("one").subList(0, 10));
        Run bad = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "--jobs", "0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--jobs").contains("0");
    }

    @Test
    void evaluate_badFitEvery_isAUsageErrorNamingTheOption() {
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "--fit-every", "often");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--fit-every").contains("often");
        Run w = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "--fit-window", "0");
        assertThat(w.code()).isEqualTo(2);
        assertThat(w.err()).contains("--fit-window").contains("at least 1");
    }

    @Test
    void evaluate_splitHalves_partitionTheFilesAndFilesGlobSelects() {
        Run a = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore_online", "--split", "a");
        Run b = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore_online", "--split", "B");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();
        // three files: the name-sorted positions 0 and 2 are half a, position 1 half b
        assertThat(a.err()).contains("read 2 files");
        assertThat(b.err()).contains("read 1 files");
        String windowsA = a.row("zscore_online").get(4);
        String windowsB = b.row("zscore_online").get(4);
        int total = Integer.parseInt(windowsA.substring(windowsA.indexOf('/') + 1))
                + Integer.parseInt(windowsB.substring(windowsB.indexOf('/') + 1));
        assertThat(total).isEqualTo(6);
        Run none = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "--files", "nothing/*.csv");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("no labelled file is selected", "nothing/*.csv");
        Run bad = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "--split", "c");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--split", "\"c\"", "a, b or all");
    }

    private static double[] score(dev.vigil.core.prediction.Prediction p) {
        double[] s = new double[p.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = p.anomalyScore(i);
        }
        return s;
    }

    private static double[] readScores(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        double[] s = new double[lines.size() - 1];
        for (int i = 0; i < s.length; i++) {
            String c = lines.get(i + 1).split(",", -1)[1];
            s[i] = c.isEmpty() ? Double.NaN : Double.parseDouble(c);
        }
        return s;
    }

    @Test
    void evaluate_goldenScoresOfSubset_equalTheCoreScorerOnRowsReadByHand() throws IOException {
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "--profile", "standard", "--scores",
                fixture().resolve("golden/windowedGaussian").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow()).doesNotContain("reward_low");

        // The same corpus built without the runner's readers: split the lines, parse with java.time.
        Map<String, long[]> windows = NabCorpus.readWindows(fixture().resolve("windows.json"));
        List<NabFile> corpus = new ArrayList<>();
        for (String f : FILES) {
            List<String> lines = Files.readAllLines(fixture().resolve("golden/windowedGaussian").resolve(f));
            long[] ts = new long[lines.size() - 1];
            double[] sc = new double[ts.length];
            for (int i = 0; i < ts.length; i++) {
                String[] c = lines.get(i + 1).split(",");
                ts[i] = LocalDateTime.parse(c[0].replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
                sc[i] = Double.parseDouble(c[1]);
            }
            corpus.add(new NabFile(f, ts, sc, windows.get(f)));
        }
        NabScorer.Result want = NabScorer.score(corpus, Profile.STANDARD);
        assertThat(r.nab("windowedGaussian", 0)).isCloseTo(want.normalisedScore(), within(0.005));
        assertThat(r.row("windowedGaussian").get(2)).isEqualTo(want.windowsDetected() + "/6");
    }

    @Test
    void evaluate_report_writesOnePageWithEveryFilePlotted() throws IOException {
        Path report = tmp.resolve("sub/report.html");
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "-m", "mad_online", "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(report);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("mad_online");
        for (String f : FILES) {
            assertThat(html).contains(f);
        }
        assertThat(html.split("<svg", -1)).hasSize(FILES.length + 1);
        // Each file's caption counts its points above 1 and their events.
        assertThat(java.util.regex.Pattern.compile("; \\d+ points &gt; 1 in \\d+ events\\)").matcher(html).results().count())
                .isEqualTo(FILES.length);
        assertThat(r.err()).contains("report written to");
    }

    @Test
    void evaluate_reportDetails_writesTheScorePageOfEveryFileAndLinksIt() throws IOException {
        Path report = tmp.resolve("r.html");
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore_online", "--report",
                report.toString(), "--report-details");
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(report);
        for (String f : FILES) {
            String rel = "r-files/zscore_online/" + f.replace(".csv", ".html");
            assertThat(html).contains("<a href=\"" + rel + "\">");
            String page = Files.readString(tmp.resolve(rel));
            assertThat(page).contains("vigil evaluate: " + f + " with zscore_online").contains("<svg");
        }
        // The flat line has no labelled window; the real files' pages shade theirs.
        assertThat(Files.readString(tmp.resolve("r-files/zscore_online/realTraffic/speed_7578.html")))
                .contains("labelled window 4").containsPattern("labelled windows hit \\(a point above [^)]+ inside\\)");
    }

    @Test
    void evaluate_help_isListedByVigilAndExitsZero() {
        Run top = run("--help");
        assertThat(top.out()).contains("evaluate");
        Run r = run("evaluate", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--labels=WINDOWS.json").contains("--report-details").contains("Example");
    }

    @Test
    void evaluate_missingLabelsFile_failsWithOneLineAndCode2() {
        Run r = run("evaluate", "--data", data(), "--labels", tmp.resolve("nope.json").toString(), "-m", "zscore");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("vigil evaluate: labels file not found: " + tmp.resolve("nope.json"));
    }

    @Test
    void evaluate_badLabelsJson_namesTheFileAndTheExpectedShape() throws IOException {
        Path bad = write(tmp.resolve("bad.json"), "{\"a.csv\": [[\"2020-01-01 00:00:00\"]]}");
        Run r = run("evaluate", "--data", data(), "--labels", bad.toString(), "-m", "zscore");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad.toString()).contains("window 0 of 'a.csv' must be a [start, end] pair");
    }

    @Test
    void evaluate_labelledFileMissingFromData_namesIt() throws IOException {
        Path labels = write(tmp.resolve("w.json"), "{\"realX/none.csv\": []}");
        Run r = run("evaluate", "--data", data(), "--labels", labels.toString(), "-m", "zscore");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'realX/none.csv' is labelled but").contains("does not exist");
    }

    @Test
    void evaluate_unknownModelOrArgument_failsWithTheModelsMessage() {
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "-a", "window=3");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("model 'zscore_online'").contains("'window'");
        Run baseline = run("evaluate", "--data", data(), "--labels", labels(), "-m", EvaluateCommand.BASELINE, "-a", "w=3");
        assertThat(baseline.code()).isEqualTo(2);
        assertThat(baseline.err()).contains("unknown argument(s) [w]");
    }

    @Test
    void evaluate_unknownProfile_listsTheKnownOnes() {
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "--profile", "lenient");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--profile").contains("lenient").contains("standard");
    }

    @Test
    void evaluate_twoDetectorsWithOneName_isRejected() {
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "-m", "zscore", "-m", "zscore");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("two detectors are named 'zscore'");
    }

    @Test
    void evaluate_noDetector_isAUsageError() {
        Run r = run("evaluate", "--data", data(), "--labels", labels());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nothing to evaluate");
    }

    @Test
    void evaluate_scoresWithWrongRowCount_namesTheFile() throws IOException {
        Path scores = tmp.resolve("short");
        for (String f : FILES) {
            write(scores.resolve(f), "timestamp,anomaly_score\n2014-07-01 00:00:00,0\n");
        }
        Run r = run("evaluate", "--data", data(), "--labels", labels(), "--scores", scores.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(scores.resolve(FILES[0]).toString()).contains("has 1 rows but the data file has");
    }

    private static Path write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}
