package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil score} on CSV files of several value columns, and peer models refused by score and evaluate. */
class ScoreMultiColumnTest {

    @TempDir
    Path dir;

    record Run(int code, String err) {
    }

    static Run run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), err.toString());
    }

    static final int N = 400;
    static final int ANOMALY = 350;

    /** timestamp,cpu,mem: correlated channels (mem follows cpu), broken at row ANOMALY; epoch seconds. */
    Path table() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder sb = new StringBuilder("timestamp,cpu,mem\n");
        for (int i = 0; i < N; i++) {
            double cpu = 50 + 10 * r.nextGaussian();
            double mem = 0.5 * cpu + 0.5 * r.nextGaussian() + (i == ANOMALY ? 40 : 0);
            sb.append(1_700_000_000L + i * 60L).append(',').append(cpu).append(',').append(mem).append('\n');
        }
        Path f = dir.resolve("table.csv");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        return f;
    }

    static double[] column(Path out, int col) throws IOException {
        List<String> lines = Files.readAllLines(out);
        double[] v = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String c = lines.get(i).split(",", -1)[col];
            v[i - 1] = c.isEmpty() ? Double.NaN : Double.parseDouble(c);
        }
        return v;
    }

    @Test
    void score_multivariateModelOnSeveralColumns_oneJointScorePerRow() throws IOException {
        Path out = dir.resolve("out.csv");
        Run r = run("score", "-m", "isolation_forest_multivariate", "--fit-window", "300", "-i", table().toString(),
                "-o", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out).get(0)).isEqualTo("timestamp,y,yhat,yhat_lower,yhat_upper,anomaly_score");
        double[] score = column(out, 5);
        assertThat(score).hasSize(N);
        assertThat(column(out, 1)).containsOnly(Double.NaN);
        assertThat(score[ANOMALY]).isGreaterThan(1.0);
        // The broken row is in the top 5 % of the rows (rows extreme in both channels at once isolate as fast).
        long higher = java.util.Arrays.stream(score).filter(s -> s > score[ANOMALY]).count();
        assertThat(higher).isLessThan(N / 20);
    }

    @Test
    void score_univariateModelOnSeveralColumns_needsColumnAndScoresThatOne() throws IOException {
        Path in = table();
        Run refused = run("score", "-m", "zscore_online", "-i", in.toString(), "-o", dir.resolve("o.csv").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("2 value columns (cpu, mem)", "--column NAME", "isolation_forest_multivariate")
                .doesNotContain("Exception");
        Path out = dir.resolve("mem.csv");
        Run ok = run("score", "-m", "zscore_online", "--column", "mem", "-i", in.toString(), "-o", out.toString(), "-q");
        assertThat(ok.code()).as(ok.err()).isZero();
        List<String> inLines = Files.readAllLines(in);
        double[] y = column(out, 1);
        for (int i = 0; i < N; i++) {
            assertThat(y[i]).isCloseTo(Double.parseDouble(inLines.get(i + 1).split(",")[2]), within(1e-9));
        }
        Run unknown = run("score", "-m", "zscore_online", "--column", "disk", "-i", in.toString(), "-o",
                out.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no column 'disk'", "timestamp, cpu, mem");
    }

    @Test
    void scoreAndEvaluate_peerModel_refusedWithClearMessage() throws IOException {
        Run score = run("score", "-m", "peer_outlier", "-i", table().toString(), "-o", dir.resolve("o.csv").toString());
        assertThat(score.code()).isEqualTo(2);
        assertThat(score.err()).contains("peer_outlier", "groupby").doesNotContain("Exception");
        Path labels = Files.writeString(dir.resolve("labels.json"), "{}");
        Run eval = run("evaluate", "--model", "peer_outlier", "--data", dir.toString(), "--labels", labels.toString());
        assertThat(eval.code()).isEqualTo(2);
        assertThat(eval.err()).contains("peer_outlier", "groupby").doesNotContain("Exception");
    }
}
