package dev.vigil.runner.cli;

import dev.vigil.eval.csv.TableCsv;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.peer.PeerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which columns of an input CSV a command's model reads: a multivariate model every value column of a
 * file with a header and several of them; a univariate model one column ({@code value}, the only
 * one, or the one {@code --column} names). Peer models need groups of labelled series, which a CSV
 * does not hold, and are refused. Stateless.
 */
final class MultiColumn {

    private MultiColumn() {
    }

    /**
     * Whether {@code score} runs {@code spec} as a multivariate model over every value column of
     * {@code input}: a {@link MultivariateSpec}, no {@code --column}, and a header with several value
     * columns.
     *
     * @throws UserException for a peer model, or options the multivariate path does not take
     */
    static boolean multivariate(ModelSpec spec, Path input, String column, Path report, String fitEvery)
            throws IOException {
        refusePeer(spec, "vigil score");
        if (!(spec instanceof MultivariateSpec) || column != null || !Files.isRegularFile(input)
                || TableCsv.valueColumns(input).size() < 2) {
            return false;
        }
        if (report != null || fitEvery != null) {
            throw new UserException("--report and --fit-every are not available with a multivariate model over several"
                    + " columns (model '" + spec.alias() + "', " + input + "); score without them");
        }
        return true;
    }

    /**
     * Refuses a univariate run of {@code spec} on a file whose header has several value columns and
     * no {@code value} column, when {@code --column} does not say which one to use.
     */
    static void checkUnivariate(ModelSpec spec, Path input, String column) throws IOException {
        if (column != null || !Files.isRegularFile(input)) {
            return;
        }
        List<String> cols = TableCsv.valueColumns(input);
        if (cols.size() > 1 && cols.stream().noneMatch(c -> c.equalsIgnoreCase("value"))) {
            throw new UserException(input + " has " + cols.size() + " value columns (" + String.join(", ", cols)
                    + "); model '" + spec.alias() + "' scores one series: choose one with --column NAME"
                    + (spec instanceof MultivariateSpec ? "" : ", or use a multivariate model such as"
                    + " isolation_forest_multivariate to score them together"));
        }
    }

    /** Refuses a peer model in a command that reads CSV files. */
    static void refusePeer(ModelSpec spec, String command) {
        if (spec instanceof PeerSpec) {
            throw new UserException("model '" + spec.alias() + "' scores groups of peer series at each timestamp;"
                    + " " + command + " reads one series per file: run it in the service with 'groupby'"
                    + " (docs/models.md, peer_outlier)");
        }
    }
}
