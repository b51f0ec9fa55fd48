/**
 * File input and output of the command line: a {@code timestamp,value} CSV reader with a small
 * timestamp parser ({@link dev.vigil.eval.csv.CsvTimestamps}) and the writer of scored rows.
 *
 * <p>Errors in the input are {@link dev.vigil.eval.csv.CsvInputException}s whose message names the
 * file, the line and the offending text; they are user mistakes, shown as one line.
 */
package dev.vigil.eval.csv;
