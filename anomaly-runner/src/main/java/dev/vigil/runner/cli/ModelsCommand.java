package dev.vigil.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelDescriptor;
import dev.vigil.models.registry.DescriptorJson;
import dev.vigil.models.registry.ModelRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil models}: every model a configuration can name, from the registry's descriptors
 * ({@link ModelRegistry#descriptors()}), as a table or as JSON (the objects the server's
 * {@code /api/v1/models} serves, {@link DescriptorJson}). Stateless apart from picocli's fields; one call per instance.
 */
@Command(name = "models", sortOptions = false, usageHelpAutoWidth = true,
        description = {"List the models and their arguments (from the model registry).",
            "Without ALIAS: one line per model. With ALIAS: its arguments, defaults and what they do."})
final class ModelsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ALIAS", arity = "0..1",
            description = "A model alias or class path, e.g. zscore_online or model.online.OnlineZscoreModel.")
    String alias;

    @Option(names = "--json", description = "Print JSON: an array of {alias, class, topology, online, supported,"
            + " redirect_to, args: [{name, type, default, required, doc}]}.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final ModelRegistry registry;

    /** A command listing the standard models. */
    ModelsCommand() {
        this(ModelRegistry.standard());
    }

    ModelsCommand(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        List<ModelDescriptor> models;
        try {
            models = alias == null ? registry.descriptors() : List.of(registry.descriptor(alias));
        } catch (ModelConfigException e) {
            throw new UserException(e.getMessage());
        }
        if (json) {
            List<Map<String, Object>> objects = models.stream().map(ModelsCommand::toJson).toList();
            Object doc = alias == null ? objects : objects.get(0);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else if (alias == null) {
            out.print(table(models));
        } else {
            out.print(argsTable(models.get(0)));
        }
        out.flush();
        return 0;
    }

    /** The JSON object of a model (shared with the server's {@code /api/v1/models}). */
    static Map<String, Object> toJson(ModelDescriptor d) {
        return DescriptorJson.of(d);
    }

    private static Object jsonValue(Object v) {
        return DescriptorJson.value(v);
    }

    private static String text(Object v) {
        Object j = jsonValue(v);
        return j == null ? "" : String.valueOf(j);
    }

    /** One line per model: its own arguments with their defaults (the common ones are the same for all). */
    static String table(List<ModelDescriptor> models) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ALIAS", "CLASS", "TOPOLOGY", "ONLINE", "ARGUMENTS (besides the common ones)"});
        List<String> common = new ArrayList<>();
        ArgDescriptor.common().forEach(a -> common.add(a.name()));
        ArgDescriptor.online().forEach(a -> common.add(a.name()));
        for (ModelDescriptor d : models) {
            List<String> own = new ArrayList<>();
            for (ArgDescriptor a : d.args()) {
                boolean shared = common.contains(a.name())
                        && (ArgDescriptor.common().contains(a) || ArgDescriptor.online().contains(a));
                if (!shared && !a.nested()) {
                    own.add(a.name() + (a.required() ? " (required)" : a.defaultValue() == null ? ""
                            : "=" + text(a.defaultValue())));
                }
            }
            String args = !d.supported() ? "(not supported yet)"
                    : d.redirectTo() != null ? "= " + d.redirectTo() : String.join(", ", own);
            rows.add(new String[] {d.alias(), d.classPath(), d.topology().jsonName(), d.online() ? "yes" : "no", args});
        }
        return columns(rows) + "Common arguments of every model: " + String.join(", ", common.subList(0,
                ArgDescriptor.common().size())) + "; of online models also: " + String.join(", ",
                common.subList(ArgDescriptor.common().size(), common.size()))
                + ".\n'vigil models ALIAS' describes each argument; --json gives all of it.\n";
    }

    /** Every argument of one model. */
    static String argsTable(ModelDescriptor d) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ARGUMENT", "TYPE", "DEFAULT", "DESCRIPTION"});
        for (ArgDescriptor a : d.args()) {
            rows.add(new String[] {a.name(), a.type().jsonName(), a.required() ? "(required)" : text(a.defaultValue()),
                a.doc()});
        }
        String head = d.alias() + " (" + d.classPath() + "): " + d.topology().jsonName() + ", "
                + (d.online() ? "online" : "offline") + (d.supported() ? "" : ", not supported yet")
                + (d.redirectTo() == null ? "" : ", means " + d.redirectTo()) + "\n";
        return head + (d.args().isEmpty() ? "" : columns(rows));
    }

    private static String columns(List<String[]> rows) {
        int n = rows.get(0).length;
        int[] w = new int[n];
        for (String[] r : rows) {
            for (int i = 0; i < n - 1; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                sb.append(i == n - 1 ? r[i] : String.format(Locale.ROOT, "%-" + w[i] + "s  ", r[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
