package dev.vigil.runner.cli;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.eval.csv.SeriesCsvReader;
import dev.vigil.eval.score.Scoring;
import dev.vigil.models.Refit;
import dev.vigil.models.Replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.testing.StubSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScoreCommandTest {

    private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Result of one in-process run. */
    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(Main.commandLine(), args);
    }

    /** A seeded noisy sine with one spike at row {@code spikeAt}; NAB timestamps every 5 minutes. */
    private Path series(String name, int n, int spikeAt) throws IOException {
        Random rnd = new Random(7);
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < n; i++) {
            double v = 50 + 5 * Math.sin(2 * Math.PI * i / 288) + rnd.nextGaussian();
            if (i == spikeAt) {
                v += 60;
            }
            sb.append(NAB.format(Instant.ofEpochMilli(t0 + i * 300_000L))).append(',').append(v).append('\n');
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void score_onlineModel_writesOneRowPerInputRowAndFlagsTheSpike() throws IOException {
        Path in = series("in.csv", 2000, 1500);
        Path out = dir.resolve("sub/out.csv");
        Run r = run("score", "--model", "zscore_online", "--arg", "z_threshold=3", "--input", in.toString(),
                "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2001);
        assertThat(lines.get(0)).isEqualTo("timestamp,y,yhat,yhat_lower,yhat_upper,anomaly_score");
        List<String> inLines = Files.readAllLines(in);
        for (int i = 1; i < lines.size(); i += 97) {
            String[] cells = lines.get(i).split(",", -1);
            assertThat(cells).hasSize(6);
            String[] src = inLines.get(i).split(",");
            assertThat(cells[0]).isEqualTo(src[0]);
            assertThat(Double.parseDouble(cells[1])).isCloseTo(Double.parseDouble(src[1]), within(1e-12));
            assertThat(Double.parseDouble(cells[3])).isLessThanOrEqualTo(Double.parseDouble(cells[2]));
            assertThat(Double.parseDouble(cells[4])).isGreaterThanOrEqualTo(Double.parseDouble(cells[2]));
        }
        double spike = Double.parseDouble(lines.get(1501).split(",")[5]);
        assertThat(spike).isGreaterThan(1.0);
        long others = lines.stream().skip(1).filter(l -> Double.parseDouble(l.split(",")[5]) > 1).count();
        assertThat(others).isLessThan(20);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("vigil score: 2000 rows (fit on the first 400), ").contains(" anomalies (score > 1, ");
    }

    @Test
    void score_isolationForest_writesScoreAndYOnlyFlagsTheSpikeAndRendersAReport() throws IOException {
        Path in = series("in.csv", 2000, 1500);
        Path out = dir.resolve("if.csv");
        Path report = dir.resolve("if.html");
        Run r = run("score", "-m", "isolation_forest_univariate", "--arg", "contamination=0.005", "--arg",
                "seasonal_features=hod", "-i", in.toString(), "-o", out.toString(), "-r", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2001);
        String[] header = lines.get(0).split(",");
        assertThat(header).contains("timestamp", "y", "anomaly_score");
        int score = java.util.Arrays.asList(header).indexOf("anomaly_score");
        assertThat(Double.parseDouble(lines.get(1501).split(",", -1)[score])).isGreaterThan(1.0);
        long above = lines.stream().skip(401).filter(l -> Double.parseDouble(l.split(",", -1)[score]) > 1).count();
        assertThat(above).as("rows above 1 after the fit window").isBetween(1L, 40L);
        assertThat(Files.readString(report)).contains("<svg", "isolation_forest_univariate");
    }

    @Test
    void score_fitWindowForms_changeTheFitRows() throws IOException {
        Path in = series("in.csv", 1000, -1);
        Path out = dir.resolve("out.csv");
        String[] base = {"score", "-m", "zscore", "-i", in.toString(), "-o", out.toString(), "--fit-window"};
        assertThat(fitRows(run(concat(base, "300")))).isEqualTo(300);
        assertThat(fitRows(run(concat(base, "50%")))).isEqualTo(500);
        assertThat(fitRows(run(concat(base, "1d")))).isEqualTo(288);
        assertThat(fitRows(run(concat(base, "PT2H")))).isEqualTo(24);
        assertThat(fitRows(run(concat(base, "1h30m")))).isEqualTo(18);
        assertThat(fitRows(run("score", "-m", "zscore", "-i", in.toString(), "-o", out.toString()))).isEqualTo(200);
    }

    @Test
    void score_fitEvery_refitsOnTheTrailingFitWindowLikeReplay() throws IOException {
        Path in = series("in.csv", 1000, 900);
        Path out = dir.resolve("out.csv");
        Run r = run("score", "-m", "mad", "-i", in.toString(), "-o", out.toString(), "--fit-window", "1d",
                "--fit-every", "12h");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("(fit on the first 288), refit every 12h on the last 1d");
        Series s = dev.vigil.eval.csv.SeriesCsvReader.read(in).series();
        ModelSpec spec = ModelRegistry.standard().create("mad", Map.of());
        dev.vigil.core.prediction.Prediction want = dev.vigil.models.Replay.run(spec, s, 288,
                dev.vigil.models.Refit.parse("12h", "1d"), null);
        dev.vigil.core.prediction.Prediction once = dev.vigil.models.Replay.run(spec, s, 288, null);
        List<String> lines = Files.readAllLines(out);
        int differ = 0;
        for (int i = 0; i < s.size(); i++) {
            double got = Double.parseDouble(lines.get(i + 1).split(",", -1)[5]);
            assertThat(got).as("row %d", i).isCloseTo(want.anomalyScore(i), within(1e-12 * Math.max(1, got)));
            if (Math.abs(got - once.anomalyScore(i)) > 1e-9) {
                differ++;
            }
        }
        assertThat(differ).as("rows scored differently than with one fit").isGreaterThan(100);
        Run bad = run("score", "-m", "mad", "-i", in.toString(), "-o", out.toString(), "--fit-every", "sometimes");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--fit-every").contains("sometimes");
    }

    private static int fitRows(Run r) {
        assertThat(r.code()).as(r.err()).isZero();
        String m = r.err().replaceAll("(?s).*fit on the first (\\d+)\\).*", "$1");
        return Integer.parseInt(m);
    }

    private static String[] concat(String[] a, String b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + 1);
        c[a.length] = b;
        return c;
    }

    @Test
    void score_offlineModelWithReport_writesHtml() throws IOException {
        Path in = series("in.csv", 3000, 2500);
        Path report = dir.resolve("r/report.html");
        Run r = run("score", "-m", "zscore", "-i", in.toString(), "-o", dir.resolve("o.csv").toString(), "-r",
                report.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        String html = Files.readString(report);
        assertThat(html).contains("<svg", "class=\"anomaly\"", "zscore", "z_threshold=2.5", "fit window")
                .contains("2024-01-09 16:20:00"); // the spike's time, as written in the input
    }

    @Test
    void score_missingValues_scoreNanAsEmptyCells() throws IOException {
        Path in = dir.resolve("gaps.csv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append(1_700_000_000L + 60L * i).append(',').append(i % 10 == 5 ? "" : Double.toString(i % 7)).append('\n');
        }
        Files.writeString(in, sb.toString());
        Path out = dir.resolve("out.csv");
        Run r = run("score", "-m", "zscore_online", "-i", in.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(101);
        assertThat(lines.get(6)).startsWith("1700000300,,").endsWith(",");
        assertThat(lines.get(7)).startsWith("1700000360,6.0,");
    }

    @Test
    void score_longInput_reportsProgressEveryTenPercent() throws IOException {
        int n = Scoring.PROGRESS_ROWS + 20_000;
        Path in = series("big.csv", n, -1);
        Run r = run("score", "-m", "zscore_online", "-i", in.toString(), "-o", dir.resolve("o.csv").toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> progress = r.errLines().stream().filter(l -> l.contains(" % (")).toList();
        assertThat(progress).hasSizeBetween(8, 9);
        assertThat(progress.get(0)).startsWith("vigil score: scored 20 % (");
        assertThat(r.errLines().get(r.errLines().size() - 1)).startsWith("vigil score: " + n + " rows");
    }

    @Test
    void score_unknownModel_exit2OneLineWithSuggestion() throws IOException {
        Path in = series("in.csv", 50, -1);
        Run r = run("score", "-m", "zscore_onlin", "-i", in.toString(), "-o", dir.resolve("o.csv").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("vigil score: unknown model class 'zscore_onlin' (did you mean 'zscore_online'?)")
                .doesNotContain("Exception", "\tat ");
        assertThat(Files.exists(dir.resolve("o.csv"))).isFalse();
    }

    @Test
    void score_unsupportedModel_exit2() throws IOException {
        Path in = series("in.csv", 50, -1);
        // Any vmanomaly model alias the registry knows but cannot build yet; found, not named, so it cannot go stale.
        ModelRegistry registry = ModelRegistry.standard();
        String unsupported = registry.aliases().stream()
                .filter(a -> !registry.supportedAliases().contains(a)).findFirst().orElseThrow();
        Run r = run("score", "-m", unsupported, "-i", in.toString(), "-o", dir.resolve("o.csv").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("not supported yet");
    }

    @Test
    void score_badArgs_exit2NamingTheArgument() throws IOException {
        Path in = series("in.csv", 50, -1);
        String o = dir.resolve("o.csv").toString();
        Run unknown = run("score", "-m", "zscore", "--arg", "z_treshold=3", "-i", in.toString(), "-o", o);
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.errLines()).singleElement().asString()
                .startsWith("vigil score: model 'zscore_online': unknown argument 'z_treshold' (did you mean 'z_threshold'?)");
        Run badValue = run("score", "-m", "zscore", "--arg", "z_threshold=-1", "-i", in.toString(), "-o", o);
        assertThat(badValue.code()).isEqualTo(2);
        assertThat(badValue.errLines()).singleElement().asString().contains("'z_threshold'").contains("-1");
        Run listArg = run("score", "-m", "zscore", "--arg", "scale=[1.2,0.8]", "-i", in.toString(), "-o", o);
        assertThat(listArg.code()).as(listArg.err()).isZero();
        Run noEquals = run("score", "-m", "zscore", "--arg", "z_threshold", "-i", in.toString(), "-o", o);
        assertThat(noEquals.code()).isEqualTo(2);
        assertThat(noEquals.errLines()).hasSize(1);
        // A dotted key reaches a nested argument, as with evaluate: prophet's args.interval_width.
        Run nested = run("score", "-m", "prophet", "--arg", "args.interval_width=2", "-i", in.toString(), "-o", o);
        assertThat(nested.code()).isEqualTo(2);
        assertThat(nested.errLines()).singleElement().asString().contains("'interval_width' must be in").contains("got 2.0");
    }

    @Test
    void score_labels_countsWindowsHitOrNamesTheMissingEntryInOneLine() throws IOException {
        Path in = series("s.csv", 300, 250);
        Path found = Files.writeString(dir.resolve("w.json"), "{\"s.csv\": [[\"1970-01-01\", \"2100-01-01\"]]}");
        Run ok = run("score", "-m", "zscore", "-i", in.toString(), "-o", dir.resolve("o.csv").toString(), "--labels",
                found.toString(), "-r", dir.resolve("r.html").toString());
        assertThat(ok.code()).isEqualTo(0);
        assertThat(ok.err()).contains(" events, 1 of 1 labelled windows hit, ");
        assertThat(Files.readString(dir.resolve("r.html"))).contains("<g class=\"windows\"");

        Path other = Files.writeString(dir.resolve("x.json"), "{\"dir/t.csv\": []}");
        Run missing = run("score", "-m", "zscore", "-i", in.toString(), "-o", dir.resolve("o.csv").toString(), "--labels",
                other.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.errLines()).singleElement().asString()
                .startsWith("vigil score: labels file " + other + " has no entry for " + in);
    }

    @Test
    void score_missingInputFile_exit2OneLine() {
        Run r = run("score", "-m", "zscore", "-i", dir.resolve("nope.csv").toString(), "-o", dir.resolve("o.csv").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("vigil score: input file not found: " + dir.resolve("nope.csv"));
    }

    @Test
    void score_badRow_exit2NamingFileLineAndValue() throws IOException {
        Path in = dir.resolve("bad.csv");
        Files.writeString(in, "timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,one\n");
        Run r = run("score", "-m", "zscore", "-i", in.toString(), "-o", dir.resolve("o.csv").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("vigil score: " + in + ":3: bad value \"one\" (expected a number, or an empty cell for a missing value)");
    }

    @Test
    void score_unsortedFile_exit2ButAFewRepeatsOnlyWarn() throws IOException {
        Path desc = dir.resolve("desc.csv");
        Files.writeString(desc, "3,1\n2,1\n1,1\n");
        Run r = run("score", "-m", "zscore", "-i", desc.toString(), "-o", dir.resolve("o.csv").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("does not look sorted by time");

        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            sb.append(1000 + i).append(",1\n");
            if (i == 150) {
                sb.append(1000 + i).append(",2\n"); // one duplicated row
            }
        }
        Path dup = dir.resolve("dup.csv");
        Files.writeString(dup, sb.toString());
        Run w = run("score", "-m", "zscore", "-i", dup.toString(), "-o", dir.resolve("o.csv").toString());
        assertThat(w.code()).as(w.err()).isZero();
        assertThat(w.errLines().get(0)).contains("warning:", "1 of 301 rows (the first on line 152: \"1150\" after \"1150\")");
        assertThat(Files.readAllLines(dir.resolve("o.csv"))).hasSize(302);
    }

    @Test
    void score_tooFewRowsForFitWindow_exit2() throws IOException {
        Path in = series("in.csv", 50, -1);
        Run r = run("score", "-m", "zscore", "-i", in.toString(), "-o", dir.resolve("o.csv").toString(),
                "--fit-window", "51");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("asks for 51 rows", "has only 50");
    }

    @Test
    void score_allMissingFitWindow_exit2InsufficientData() throws IOException {
        Path in = dir.resolve("nan.csv");
        Files.writeString(in, "1,\n2,\n3,5\n4,6\n5,7\n");
        // the offline z-score ('zscore' is the online one, which starts from no points)
        Run r = run("score", "-m", "model.zscore.ZscoreModel", "-i", in.toString(), "-o", dir.resolve("o.csv").toString(),
                "--fit-window", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("needs at least 1 finite point");
    }

    @Test
    void usageErrors_exit2OneLine() {
        Run missing = run("score", "-m", "zscore", "-i", "x.csv");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.errLines()).singleElement().asString()
                .isEqualTo("vigil score: Missing required option: '--output=OUT.csv' (see 'vigil score --help')");
        Run badFit = run("score", "-m", "zscore", "-i", "x.csv", "-o", "y.csv", "--fit-window", "7 parsecs");
        assertThat(badFit.code()).isEqualTo(2);
        assertThat(badFit.errLines()).singleElement().asString().contains("--fit-window").contains("\"7 parsecs\"");
        Run badPct = run("score", "-m", "zscore", "-i", "x.csv", "-o", "y.csv", "--fit-window", "150%");
        assertThat(badPct.code()).isEqualTo(2);
        assertThat(badPct.errLines()).singleElement().asString().contains("(0, 100]");
        Run unknownCommand = run("scorex");
        assertThat(unknownCommand.code()).isEqualTo(2);
        assertThat(unknownCommand.errLines()).hasSize(1);
        Run none = run();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.errLines()).singleElement().asString().startsWith("vigil: missing a command");
    }

    @Test
    void helpAndVersion_exit0OnStdout() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: vigil", "score");
        Run scoreHelp = run("score", "--help");
        assertThat(scoreHelp.code()).isZero();
        assertThat(scoreHelp.out()).contains("--model", "--arg", "--input", "--output", "--report", "--fit-window");
        Run version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("vigil ");
    }

    @Test
    void runtimeFailure_exit1OneLineAndDebugShowsTrace() throws IOException {
        ModelRegistry withBoom = ModelRegistry.standard().with(StubSpec.failing("boom", "model bug").entry("test.Boom"));
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == ScoreCommand.class ? cls.cast(new ScoreCommand(withBoom)) : CommandLine.defaultFactory().create(cls);
            }
        };
        Path in = series("in.csv", 50, -1);
        String[] args = {"score", "-m", "boom", "-i", in.toString(), "-o", dir.resolve("o.csv").toString()};
        Run r = run(Main.commandLine(factory), args);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("vigil score: failed: java.lang.IllegalStateException: model bug (run with --debug for details)");
        Run d = run(Main.commandLine(factory), concat(args, "--debug"));
        assertThat(d.code()).isEqualTo(1);
        assertThat(d.err()).contains("\tat dev.vigil.models.testing.StubSpec.fit");
    }

    @Test
    void call_debugOption_logsModelAndRowsOnlyWithDebug() throws IOException {
        Path in = series("in.csv", 200, -1);
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ScoreCommand.class);
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level rootLevel = root.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            Run plain = run("score", "-m", "zscore", "-i", in.toString(), "-o", dir.resolve("a.csv").toString(), "-q");
            assertThat(plain.code()).as(plain.err()).isZero();
            assertThat(logged.list).isEmpty();
            Run debug = run("--debug", "score", "-m", "zscore", "-i", in.toString(), "-o", dir.resolve("b.csv").toString(),
                    "-q");
            assertThat(debug.code()).as(debug.err()).isZero();
            assertThat(logged.list).extracting(e -> e.getFormattedMessage())
                    .anySatisfy(m -> assertThat(m).startsWith("model zscore_online with args"))
                    .anySatisfy(m -> assertThat(m).isEqualTo("read 200 rows from " + in + "; fitted on the first 40"));
        } finally {
            log.detachAppender(logged);
            root.setLevel(rootLevel);
        }
    }
}
