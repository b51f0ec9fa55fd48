/**
 * The {@code vigil} command line: {@link dev.vigil.runner.cli.Main} (entry point, the list of
 * subcommands, exit codes and error printing) and one class per subcommand.
 *
 * <p>Exit codes: 0 success, 1 runtime failure (a bug or an I/O failure), 2 usage or user error
 * (bad option, unknown model, bad argument, malformed or missing input). A user error prints one
 * line to stderr; {@code --debug} adds stack traces and debug logging.
 */
package dev.vigil.runner.cli;
