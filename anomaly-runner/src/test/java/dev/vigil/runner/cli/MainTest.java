package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The start-up shortcuts of {@link Main}: plain {@code vigil CONFIG...} without picocli, lazy subcommands. */
class MainTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run picocli(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    static Run direct(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.runService(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void plainService_onlyPaths_true() {
        assertThat(Main.plainService("config.yml")).isTrue();
        assertThat(Main.plainService("a.yml", "conf.d")).isTrue();
    }

    @Test
    void plainService_optionsSubcommandsHelpOrNothing_false() {
        assertThat(Main.plainService()).isFalse();
        assertThat(Main.plainService("config.yml", "--dryRun")).isFalse();
        assertThat(Main.plainService("-loggerLevel=DEBUG", "config.yml")).isFalse();
        assertThat(Main.plainService("run", "config.yml")).isFalse();
        assertThat(Main.plainService("score", "in.csv")).isFalse();
        assertThat(Main.plainService("evaluate")).isFalse();
        assertThat(Main.plainService("help")).isFalse();
        assertThat(Main.plainService("@args.txt")).isFalse();
        assertThat(Main.plainService("")).isFalse();
    }

    @Test
    void runService_missingFile_sameMessageAndExitCodeAsPicocli() {
        String missing = dir.resolve("nope.yml").toString();
        Run viaPicocli = picocli(missing);
        Run viaDirect = direct(missing);
        assertThat(viaDirect.code()).isEqualTo(viaPicocli.code()).isEqualTo(2);
        assertThat(viaDirect.err()).isEqualTo(viaPicocli.err()).contains("nope.yml");
    }

    @Test
    void runService_invalidConfig_sameMessagesAndExitCodeAsPicocli() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yml"), String.join("\n",
                "schedulers:",
                "  s: {class: periodic, infer_every: 1m, fit_every: 1h, fit_windw: 1d}",
                "models:",
                "  m: {class: zscore_onlin}",
                "reader: {class: vm, datasource_url: 'http://127.0.0.1:1', sampling_period: 1m,"
                        + " queries: {q: {expr: up}}}",
                "writer: {class: vm, datasource_url: 'http://127.0.0.1:1'}",
                ""));
        Run viaPicocli = picocli(bad.toString());
        Run viaDirect = direct(bad.toString());
        assertThat(viaDirect.code()).isEqualTo(viaPicocli.code()).isEqualTo(2);
        assertThat(viaDirect.err()).isEqualTo(viaPicocli.err()).contains("fit_windw").contains("zscore_onlin");
    }

    @Test
    void runService_validBacktest_runsToTheEndAndExits0() throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,cpu\n");
        for (int i = 0; i < 120; i++) {
            csv.append(1_704_067_200L + 60L * i).append(',').append(10 + (i % 7)).append('\n');
        }
        Path data = Files.writeString(dir.resolve("data.csv"), csv.toString());
        Path out = dir.resolve("out.jsonl");
        Path cfg = Files.writeString(dir.resolve("ok.yml"), String.join("\n",
                "schedulers:",
                "  bt: {class: backtesting, from_iso: '2024-01-01T01:00:00Z', to_iso: '2024-01-01T02:00:00Z',"
                        + " fit_window: 1h, fit_every: 30m, inference_only: true}",
                "models:",
                "  z: {class: zscore_online}",
                "reader: {class: file, path: '" + data + "', sampling_period: 1m, queries: {cpu: {expr: cpu}}}",
                "writer: {class: file, path: '" + out + "'}",
                ""));
        Run r = direct(cfg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).anySatisfy(l -> assertThat(l).contains("\"__name__\":\"anomaly_score\""))
                .allSatisfy(l -> assertThat(l).contains("\"model_alias\":\"z\""));
    }

    @Test
    void execute_help_listsEverySubcommand() {
        CommandLine cmd = Main.commandLine(CommandLine.defaultFactory(), "--help");
        assertThat(cmd.getSubcommands()).containsKeys("score", "evaluate", "run");
    }

    @Test
    void commandLine_serviceArgs_registersOnlyNamedSubcommands() {
        assertThat(Main.commandLine(CommandLine.defaultFactory(), "config.yml", "--dryRun").getSubcommands())
                .isEmpty();
        assertThat(Main.commandLine(CommandLine.defaultFactory(), "score", "x.csv").getSubcommands())
                .containsOnlyKeys("score");
    }
}
