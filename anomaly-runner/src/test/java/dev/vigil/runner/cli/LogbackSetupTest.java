package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

/** Vigil's logging set-up in code (no logback.xml to parse at start-up). */
class LogbackSetupTest {

    @Test
    void configure_freshContext_textToStderrAtInfo() {
        LoggerContext ctx = new LoggerContext();
        LogbackSetup setup = new LogbackSetup();
        setup.setContext(ctx);
        Configurator.ExecutionStatus st = setup.configure(ctx);
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(st).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        var app = (ConsoleAppender<?>) root.getAppender(LogbackSetup.APPENDER);
        assertThat(app).isNotNull();
        assertThat(app.isStarted()).isTrue();
        assertThat(app.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) app.getEncoder()).getPattern()).isEqualTo(LogbackSetup.PATTERN);
        ctx.stop();
    }

    @Test
    void configure_userConfigurationFileProperty_stepsAsideForLogbackXml() {
        String old = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/nonexistent/logback.xml");
        try {
            LoggerContext ctx = new LoggerContext();
            LogbackSetup setup = new LogbackSetup();
            setup.setContext(ctx);
            assertThat(setup.configure(ctx)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LogbackSetup.APPENDER)).isNull();
        } finally {
            if (old == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", old);
            }
        }
    }

    @Test
    void serviceRegistration_logbackFindsTheConfigurator() {
        java.util.List<String> found = java.util.ServiceLoader.load(Configurator.class).stream()
                .map(p -> p.type().getName()).toList();
        assertThat(found).contains(LogbackSetup.class.getName());
    }
}
