package dev.vigil.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.models.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the configuration: loads vmanomaly-compatible YAML files and directories, merges,
 * substitutes {@code %{ENV}} placeholders, converts legacy forms and validates everything, reporting
 * every error at once. Stateless and thread-safe.
 */
public final class RunnerConfigs {

    private RunnerConfigs() {
    }

    /**
     * Loads and validates.
     *
     * @param paths files and directories, merged in order
     * @param env environment for {@code %{NAME}} placeholders (usually {@code System.getenv()})
     * @throws ConfigException listing every error with its YAML path and {@code file:line}
     */
    public static RunnerConfig load(List<Path> paths, Map<String, String> env, ModelRegistry registry)
            throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Path> files = ConfigLoader.expand(paths, errors);
        Node root = ConfigLoader.load(files, env, errors, warnings);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return ConfigValidator.validate(root, files.isEmpty() ? "<none>" : files.get(0).toString(), registry,
                warnings);
    }

    /**
     * The files {@link #load} reads for {@code paths}, directories expanded to their {@code .yaml}/{@code .yml}
     * files in name order (symbolic links followed, as for Kubernetes ConfigMap volumes); paths that
     * do not exist are left out. What a hot reload watches.
     */
    public static List<Path> files(List<Path> paths) {
        return ConfigLoader.expand(paths, new ArrayList<>());
    }

    /** Parses and validates one YAML document given as text ({@code name} is used in messages). */
    public static RunnerConfig parse(String yaml, String name, Map<String, String> env, ModelRegistry registry)
            throws ConfigException {
        Node root;
        List<String> warnings = new ArrayList<>();
        try {
            root = ConfigLoader.parse(yaml, name, env, warnings);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(new ConfigError("", name, e.getMessage())));
        }
        return ConfigValidator.validate(root, name, registry, warnings);
    }

    /**
     * The resolved configuration as YAML (for {@code --dryRun} and {@code --outputSpec}); credentials in
     * URLs are masked.
     */
    public static String toYaml(RunnerConfig config) {
        try {
            return YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build().writeValueAsString(Resolved.of(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the resolved configuration", e);
        }
    }
}
