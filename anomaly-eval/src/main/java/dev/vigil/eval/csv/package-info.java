/**
 * CSV input and output: the {@code timestamp,value} reader of {@code vigil score} and the NAB corpus
 * ({@link dev.vigil.eval.csv.SeriesCsvReader}), the writer of scored rows
 * ({@link dev.vigil.eval.csv.PredictionCsvWriter}), the runner's series files (the wide
 * {@code timestamp,<series>...} reader {@link dev.vigil.eval.csv.WideCsvReader} and the long
 * {@code timestamp,metric,value} writer {@link dev.vigil.eval.csv.LongCsvWriter}), and the rules every
 * CSV reader of the project shares: how a cell is read ({@link dev.vigil.eval.csv.CsvCells}, timestamps
 * by {@link dev.vigil.core.time.Timestamps}) and what happens to rows out of time order
 * ({@link dev.vigil.eval.csv.RowOrder}).
 *
 * <p>Errors in the input are {@link dev.vigil.eval.csv.CsvInputException}s whose message names the
 * file, the line and the offending text; they are user mistakes, shown as one line.
 */
package dev.vigil.eval.csv;
