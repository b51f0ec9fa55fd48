package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil CONFIG...} and {@code vigil run}: flags, dry run, errors, and a full run on files. */
class ServiceCommandTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
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

    /** Two series (cpu of hosts a and b) one point a minute for 3 h from 2024-01-01, a spike in cpu_b at 02:30. */
    Path data() throws IOException {
        Random rnd = new Random(3);
        StringBuilder sb = new StringBuilder("timestamp,cpu{host=\"a\",mode=\"user\"},cpu{host=\"b\",mode=\"user\"}\n");
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 180; i++) {
            sb.append(t0.plusSeconds(60L * i)).append(',').append(20 + rnd.nextGaussian()).append(',')
                    .append(40 + rnd.nextGaussian() + (i == 150 ? 25 : 0)).append('\n');
        }
        return Files.writeString(dir.resolve("data.csv"), sb.toString());
    }

    Path config(Path data, Path out) throws IOException {
        return Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "schedulers:",
                "  bt:",
                "    class: backtesting",
                "    from_iso: '2024-01-01T01:00:00Z'",
                "    to_iso: '2024-01-01T03:00:00Z'",
                "    fit_window: 1h",
                "    fit_every: 30m",
                "    inference_only: true",
                "models:",
                "  z:",
                "    class: zscore_online",
                "    queries: [cpu]",
                "    schedulers: [bt]",
                "reader:",
                "  class: file",
                "  path: " + data,
                "  sampling_period: 1m",
                "  queries:",
                "    cpu: {expr: 'cpu{mode=\"user\"}'}",
                "writer:",
                "  class: file",
                "  path: " + out,
                ""));
    }

    @Test
    void run_fileReaderAndWriter_backtestWritesScoresWithSpecLabelsAndExits0() throws IOException {
        Path out = dir.resolve("out.jsonl");
        Run r = run("run", config(data(), out).toString(), "-loggerLevel=WARNING");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        // 2 series x 4 default outputs (anomaly_score, yhat, yhat_lower, yhat_upper) x 4 backtest windows.
        assertThat(lines).hasSize(32);
        assertThat(lines).allSatisfy(l -> assertThat(l).contains("\"for\":\"cpu\"", "\"mode\":\"user\"", "\"model_alias\":\"z\"",
                "\"scheduler_alias\":\"bt\""));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"__name__\":\"anomaly_score\""));
        // The spike (host b at 02:30, the last point of the window (02:00, 02:30]) scores above 1.
        long spike = Instant.parse("2024-01-01T02:30:00Z").toEpochMilli();
        assertThat(lines).anySatisfy(l -> {
            assertThat(l).contains("\"__name__\":\"anomaly_score\"").contains("\"host\":\"b\"").contains(spike + "]");
            String values = l.substring(l.indexOf("\"values\":[") + 10, l.indexOf(']', l.indexOf("\"values\":[")));
            String[] vs = values.split(",");
            assertThat(Double.parseDouble(vs[vs.length - 1])).isGreaterThan(1.0);
        });
    }

    @Test
    void topLevel_dryRun_printsResolvedConfigAndExits0WithoutRunning() throws IOException {
        Path out = dir.resolve("never.jsonl");
        Path spec = dir.resolve("spec.yml");
        Run r = run(config(data(), out).toString(), "--dryRun", "--outputSpec", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("schedulers:", "bt:", "class: backtesting", "z:", "class: zscore_online",
                "z_threshold: 2.5");
        assertThat(Files.readString(spec)).isEqualTo(r.out());
        assertThat(out).doesNotExist();
    }

    @Test
    void invalidConfig_listsEveryErrorAndExits2() throws IOException {
        Path cfg = Files.writeString(dir.resolve("bad.yml"), Files.readString(config(data(), dir.resolve("o.csv")))
                .replace("fit_window: 1h", "fit_windw: 1h").replace("sampling_period: 1m", "sampling_period: soon"));
        Run r = run("-dryRun=true", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("schedulers.bt.fit_windw", "bad.yml:", "fit_window", "reader.sampling_period")
                .contains("vigil: the configuration is invalid (").doesNotContain("\tat ");
    }

    @Test
    void unsupportedAndBadFlags_areRefusedWithAClearMessage() throws IOException {
        Path cfg = config(data(), dir.resolve("o.csv"));
        Run watch = run(cfg.toString(), "--watch=maybe");
        assertThat(watch.code()).isEqualTo(2);
        assertThat(watch.err()).contains("--watch must be true, false, 1 or 0, got 'maybe'");
        Run level = run(cfg.toString(), "--loggerLevel", "LOUD", "--dryRun");
        assertThat(level.code()).isEqualTo(2);
        assertThat(level.err()).contains("--loggerLevel must be DEBUG, INFO, WARNING, ERROR or FATAL, got 'LOUD'");
        Run format = run(cfg.toString(), "-loggerFormat=xml", "--dryRun");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("--loggerFormat must be 'default' or 'json'");
        Run missing = run(dir.resolve("nope.yml").toString(), "--dryRun");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yml");
    }

    @Test
    void deployExamples_areValid() {
        for (String f : List.of("../deploy/vigil-config.yml", "../deploy/vigil-file-config.yml",
                "../deploy/docker/vigil.yml")) {
            Run r = run(f, "--dryRun");
            assertThat(r.code()).as(f + ": " + r.err()).isZero();
            assertThat(r.out()).contains("schedulers:", "models:", "reader:", "writer:");
        }
    }

    @Test
    void help_listsTheServiceFlags() {
        Run r = run("run", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--loggerLevel", "--loggerFormat", "--dryRun", "--outputSpec", "CONFIG");
    }
}
