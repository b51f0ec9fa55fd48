package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.state.Combination;
import dev.vigil.runner.state.Signatures;
import dev.vigil.runner.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code settings.restore_state} on the command line: the environment check, the dry run, switching it off. */
class ServiceCommandStateTest {

    @TempDir
    Path dir;

    @AfterEach
    void resetEnvironment() {
        ServiceCommand.environment = null;
    }

    String yaml(boolean restore, String models) {
        return String.join("\n",
                "settings: {restore_state: " + restore + "}",
                "schedulers:",
                "  p: {class: periodic, infer_every: 1m, fit_every: 1h, fit_window: 1d}",
                "models:",
                models,
                "reader:",
                "  class: vm",
                "  datasource_url: http://127.0.0.1:1",
                "  sampling_period: 1m",
                "  queries:",
                "    q: 'm'",
                "writer:",
                "  datasource_url: http://127.0.0.1:1",
                "");
    }

    static final String Z = "  z: {class: zscore, queries: [q], schedulers: [p]}";
    static final String ZCHANGED = "  z: {class: zscore, z_threshold: 4, queries: [q], schedulers: [p]}";
    static final String M = "  m: {class: mad, queries: [q], schedulers: [p]}";

    @Test
    void restoreStateWithoutDumpsDir_isAConfigErrorExit2() throws Exception {
        ServiceCommand.environment = Map.of();
        Path cfg = Files.writeString(dir.resolve("c.yml"), yaml(true, Z));
        ServiceCommandTest.Run r = ServiceCommandTest.run(cfg.toString(), "--dryRun");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("restore_state", "VMANOMALY_MODEL_DUMPS_DIR");
    }

    @Test
    void dryRun_listsWhatWouldBeReusedRefittedAndDeleted() throws Exception {
        Path dumps = dir.resolve("dumps");
        ServiceCommand.environment = Map.of("VMANOMALY_MODEL_DUMPS_DIR", dumps.toString());
        StateStore store = StateStore.in(dumps, ModelRegistry.standard());
        var old = RunnerConfigs.parse(yaml(true, Z + "\n" + M), "old.yml", Map.of(), ModelRegistry.standard());
        long now = System.currentTimeMillis();
        Signatures.of(old).forEach((c, sig) -> {
            try {
                store.write(c, sig, now, List.of());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        store.write(new Combination("gone", "x", "q"), "sig", now, List.of());

        Path cfg = Files.writeString(dir.resolve("c.yml"), yaml(true, ZCHANGED + "\n" + M + "\n"
                + "  n: {class: zscore_online, queries: [q], schedulers: [p]}"));
        ServiceCommandTest.Run r = ServiceCommandTest.run(cfg.toString(), "--dryRun");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("# restore_state: state in " + dumps.resolve("vigil-state"))
                .contains("#   reuse:  scheduler 'p', model 'm', query 'q'")
                .contains("#   refit:  scheduler 'p', model 'z', query 'q' (configuration changed)")
                .contains("#   fit:    scheduler 'p', model 'n', query 'q' (no stored state)")
                .contains("#   delete: scheduler 'gone', model 'x', query 'q' (no longer configured)");
        assertThat(store.headers()).hasSize(3); // a dry run changes nothing

        Path off = Files.writeString(dir.resolve("off.yml"), yaml(false, Z));
        ServiceCommandTest.Run o = ServiceCommandTest.run(off.toString(), "--dryRun");
        assertThat(o.out()).contains("# restore_state is off: the stored state in " + dumps.resolve("vigil-state")
                + " would be deleted");
        assertThat(o.out()).contains("# on-disk mode: models would be kept in " + dumps.resolve("vigil-models")
                + " between jobs");
        assertThat(store.headers()).hasSize(3);
    }

    @Test
    void restoreStateOff_deletesTheStoredStateAtStartAndWarnsThatDataDumpsHaveNoEffect() throws Exception {
        Path dumps = dir.resolve("dumps");
        ServiceCommand.environment = Map.of("VMANOMALY_MODEL_DUMPS_DIR", dumps.toString(),
                "VMANOMALY_DATA_DUMPS_DIR", dir.resolve("data").toString());
        StateStore store = StateStore.in(dumps, ModelRegistry.standard());
        store.write(new Combination("p", "z", "q"), "sig", 1L, List.of());
        ServiceCommandTest files = new ServiceCommandTest();
        files.dir = dir;
        Path cfg = files.config(files.data(), dir.resolve("out.jsonl")); // a finite backtesting run on files
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("service.state");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        ServiceCommandTest.Run r;
        try {
            r = ServiceCommandTest.run(cfg.toString(), "-loggerLevel=WARNING");
        } finally {
            log.detachAppender(logged);
        }
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(store.isEmpty()).isTrue();
        assertThat(dumps.resolve("vigil-state")).doesNotExist();
        assertThat(logged.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("VMANOMALY_DATA_DUMPS_DIR is set but has no effect"));
    }

    @Test
    void dataDumps_dataDumpsDirSet_parksSplitReadsThereElseInTheTemporaryDirectory() throws Exception {
        var config = RunnerConfigs.parse(yaml(false, Z), "c.yml", Map.of(), ModelRegistry.standard());
        ServiceCommand.environment = Map.of();
        assertThat(ServiceCommand.dataDumps(config).reader().client().spillDir())
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        ServiceCommand.environment = Map.of("VMANOMALY_DATA_DUMPS_DIR", dir.resolve("data").toString());
        var dumped = ServiceCommand.dataDumps(config);
        assertThat(dumped.reader().client().spillDir()).isEqualTo(dir.resolve("data"));
        assertThat(dumped.reader().withSpillDir(null).client().spillDir()).isNull();
        assertThat(dumped.reader().queries()).isEqualTo(config.reader().queries());
        assertThat(dumped.models()).isEqualTo(config.models());
    }
}
