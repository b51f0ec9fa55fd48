package dev.vigil.runner.cli;

import dev.vigil.vm.VmConfigException;
import ch.qos.logback.classic.Level;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.eval.InputException;
import dev.vigil.runner.cli.EvaluateCommand;
import dev.vigil.runner.scheduler.Ticker;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
            RunCommand.class,
            ModelsCommand.class,
            RulesCommand.class);

    /** The name of the top-level command in messages. */
    static final String NAME = "vigil";

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
        args = normalize(args);
        if (plainService(args)) {
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
            PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
            return runService(out, err, args);
        }
        return commandLine(CommandLine.defaultFactory(), args).execute(args);
    }

    /**
     * Whether {@code args} are only configuration paths ({@code vigil CONFIG [CONFIG|DIR ...]}, the
     * usual way to start the service): no option, no subcommand, no picocli {@code @file}. Those skip
     * picocli, whose reflective set-up of the command model was about a fifth of the service's CPU
     * time before the first job; anything else goes through picocli.
     */
    static boolean plainService(String... args) {
        if (args.length == 0) {
            return false;
        }
        for (String a : args) {
            if (a.isEmpty() || a.startsWith("-") || a.startsWith("@") || HELP.contains(a)) {
                return false;
            }
        }
        for (Class<?> c : SUBCOMMANDS) {
            if (named(c, args)) {
                return false;
            }
        }
        return true;
    }

    /** {@code vigil CONFIG...} without picocli: the same service, messages and exit codes. */
    static int runService(PrintWriter out, PrintWriter err, String... args) {
        List<Path> paths = new ArrayList<>(args.length);
        try {
            for (String a : args) {
                paths.add(Path.of(a));
            }
        } catch (InvalidPathException e) {
            CommandLine cmd = commandLine(CommandLine.defaultFactory(), args);
            cmd.setOut(out);
            cmd.setErr(err);
            return cmd.execute(args);
        }
        try {
            return new ServiceCommand().execute(paths, out, err, ModelRegistry.standard(), Ticker.system());
        } catch (Exception ex) {
            return report(ex, NAME, err, false);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * vmanomaly's flag syntaxes that picocli does not read as such: a service flag written
     * {@code key=value} without dashes (when no file of that name exists) becomes
     * {@code --key=value}; {@code --watch} followed by {@code true/false/1/0} takes it as its value,
     * and followed by anything else (a configuration path) is {@code --watch=true}, so the path stays
     * a path.
     */
    static String[] normalize(String[] args) {
        List<String> names = new ArrayList<>();
        for (java.lang.reflect.Field f : ServiceCommand.class.getDeclaredFields()) {
            CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
            if (o != null) {
                names.addAll(Arrays.asList(o.names()));
            }
        }
        List<String> out = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            if (!a.startsWith("-") && eq > 0 && a.substring(0, eq).matches("[A-Za-z][A-Za-z0-9._-]*")
                    && !exists(a)) {
                String key = a.substring(0, eq);
                String flag = names.contains("--" + key) ? "--" + key : names.contains("-" + key) ? "-" + key : null;
                if (flag != null) {
                    out.add(flag + a.substring(eq));
                    continue;
                }
            }
            if (a.equals("--watch") || a.equals("-watch")) {
                boolean value = i + 1 < args.length && args[i + 1].matches("(?i)true|false|1|0");
                out.add(a + "=" + (value ? args[++i] : "true"));
                continue;
            }
            out.add(a);
        }
        return out.toArray(new String[0]);
    }

    private static boolean exists(String path) {
        try {
            return java.nio.file.Files.exists(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The options that list or describe the subcommands, so need all of them registered. */
    private static final List<String> HELP = List.of("--help", "-h", "help");

    /**
     * A command tree for {@code args}: only the subcommands that {@code args} name are registered
     * (all of them when help is asked for). picocli builds a subcommand's model by reflection over
     * all its options, which cost about a tenth of the service's start-up for subcommands the
     * service never runs.
     */
    static CommandLine commandLine(CommandLine.IFactory factory, String... args) {
        boolean all = false;
        for (String a : args) {
            all |= HELP.contains(a);
        }
        List<Class<?>> needed = new ArrayList<>();
        for (Class<?> c : SUBCOMMANDS) {
            if (all || named(c, args)) {
                needed.add(c);
            }
        }
        return commandLine(factory, needed);
    }

    private static boolean named(Class<?> subcommand, String... args) {
        CommandLine.Command c = subcommand.getAnnotation(CommandLine.Command.class);
        for (String a : args) {
            if (a.equals(c.name()) || Arrays.asList(c.aliases()).contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** A fresh command tree with Vigil's error handling; set its out/err writers to capture output. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** A fresh command tree whose commands are created by {@code factory} (tests inject collaborators). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        return commandLine(factory, SUBCOMMANDS);
    }

    private static CommandLine commandLine(CommandLine.IFactory factory, List<Class<?>> subcommands) {
        CommandLine cmd = new CommandLine(new VigilCommand(), factory);
        for (Class<?> c : subcommands) {
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

    /** Whether {@value #DEBUG} is on in {@code pr} or one of its subcommands. */
    static boolean debugRequested(ParseResult pr) {
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
        return report(ex, cmd.getCommandSpec().qualifiedName(), cmd.getErr(), debugRequested(pr));
    }

    /** Prints the failure of command {@code name} and returns its exit code (2 user error, 1 runtime failure). */
    private static int report(Exception ex, String name, PrintWriter err, boolean debug) {
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
        return user != null ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
    }

    /** The message of a user error, or {@code null} when {@code ex} is a runtime failure. */
    static String userMessage(Throwable ex) {
        if (ex instanceof UserException || ex instanceof ModelConfigException || ex instanceof InputException
                || ex instanceof VmConfigException
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
