package dev.vigil.runner.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Vigil's default logging, set up in code instead of a {@code logback.xml}: plain text to stderr
 * (stdout stays free for command output), INFO by default. Parsing an XML configuration (logback's
 * Joran with the JDK's SAX parser) took about a fifth of the runner's start-up, hence this class;
 * found by logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 *
 * <p>A user configuration still wins: with {@code -Dlogback.configurationFile=...} or a
 * {@code logback-test.xml}/{@code logback.xml} on the class path this configurator steps aside and
 * logback's own XML configurator runs. The CLI's debug option and {@code --loggerLevel} change the
 * root level afterwards; {@code -loggerFormat=json} swaps the encoder of the console appender.
 */
public final class LogbackSetup extends ContextAwareBase implements Configurator {

    /** The text layout of every log line. */
    public static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    /** The name of the console appender (the one {@code -loggerFormat=json} re-encodes). */
    public static final String APPENDER = "STDERR";

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null || userXml()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(PATTERN);
        enc.start();
        ConsoleAppender<ILoggingEvent> app = new ConsoleAppender<>();
        app.setContext(ctx);
        app.setName(APPENDER);
        app.setTarget("System.err");
        app.setEncoder(enc);
        app.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        // Jetty (the server section's API) logs each start and stop at INFO; the runner logs its own line.
        ctx.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        root.addAppender(app);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean userXml() {
        ClassLoader cl = LogbackSetup.class.getClassLoader();
        return cl != null && (cl.getResource("logback-test.xml") != null || cl.getResource("logback.xml") != null);
    }
}
