package dev.vigil.runner.cli;

import ch.qos.logback.classic.Level;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelConfigException;
import dev.vigil.runner.csv.CsvInputException;
import dev.vigil.runner.evaluate.EvaluateCommand;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of {@code vigil.jar}: builds the command tree, runs it and maps failures to exit codes
 * (0 ok, 1 runtime failure, 2 usage or user error). User errors print one line to stderr;
 * {@code --debug} adds the stack trace and turns on debug logging.
 */
public final class Main {

    /**
     * The subcommands of {@code vigil}, in the order {@code --help} lists them. A new subcommand is a
     * picocli {@code @Command} class with a no-argument constructor, registered here.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ScoreCommand.class,
            EvaluateCommand.class,
            RunCommand.class);

    /** The option that shows stack traces and debug logs, accepted on every command. */
    static final String DEBUG = "--debug";

    private Main() {
    }

    /** Runs {@code vigil} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs {@code vigil} with {@code args} in this JVM and returns the exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** A fresh command tree with Vigil's error handling; set its out/err writers to capture output. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** A fresh command tree whose commands are created by {@code factory} (tests inject collaborators). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cmd = new CommandLine(new VigilCommand(), factory);
        for (Class<?> c : SUBCOMMANDS) {
            cmd.addSubcommand(c);
        }
        cmd.setExecutionStrategy(Main::executeWithLogLevel);
        cmd.setParameterExceptionHandler(Main::onUsageError);
        cmd.setExecutionExceptionHandler(Main::onExecutionError);
        return cmd;
    }

    private static int executeWithLogLevel(ParseResult pr) {
        if (debugRequested(pr)) {
            org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            if (root instanceof ch.qos.logback.classic.Logger) {
                ((ch.qos.logback.classic.Logger) root).setLevel(Level.DEBUG);
            }
        }
        return new CommandLine.RunLast().execute(pr);
    }

    private static boolean debugRequested(ParseResult pr) {
        for (ParseResult r = pr; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(DEBUG)) {
                return true;
            }
        }
        return false;
    }

    /** A bad option or argument: one line naming the problem and where to get help. */
    private static int onUsageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int onExecutionError(Exception ex, CommandLine cmd, ParseResult pr) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        boolean debug = debugRequested(pr);
        String user = userMessage(ex);
        if (user != null) {
            err.println(name + ": " + oneLine(user));
        } else {
            err.println(name + ": failed: " + oneLine(String.valueOf(ex))
                    + (debug ? "" : " (run with " + DEBUG + " for details)"));
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return user != null ? cmd.getCommandSpec().exitCodeOnInvalidInput() : cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The message of a user error, or {@code null} when {@code ex} is a runtime failure. */
    static String userMessage(Throwable ex) {
        if (ex instanceof UserException || ex instanceof ModelConfigException || ex instanceof CsvInputException
                || ex instanceof dev.vigil.vm.VmConfigException
                || ex instanceof InsufficientDataException) {
            return ex.getMessage();
        }
        if (ex instanceof NoSuchFileException) {
            return "no such file or directory: " + ((FileSystemException) ex).getFile();
        }
        if (ex instanceof AccessDeniedException) {
            return "permission denied: " + ((FileSystemException) ex).getFile();
        }
        if (ex instanceof NotDirectoryException) {
            return "not a directory: " + ((FileSystemException) ex).getFile();
        }
        if (ex instanceof FileSystemException) {
            // A path the user gave cannot be used (a directory where a file is expected, a full disk...).
            FileSystemException f = (FileSystemException) ex;
            return "cannot use " + f.getFile() + (f.getReason() == null ? "" : ": " + f.getReason());
        }
        return null;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
