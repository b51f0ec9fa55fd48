package dev.vigil.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads one or more YAML files and directories as vmanomaly does (vmanomaly docs, v1.25): a directory
 * contributes its {@code .yaml} and {@code .yml} files in name order (no recursion); documents are
 * merged recursively in argument order, later values winning; every {@code %{NAME}} inside a string
 * scalar is replaced by the environment variable {@code NAME}, or left as written when it is unset.
 * Every node keeps its file and line for error messages. Stateless and thread-safe; O(size of the
 * files).
 */
final class ConfigLoader {

    private static final Pattern ENV = Pattern.compile("%\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final YAMLFactory YAML = new YAMLFactory();

    private ConfigLoader() {
    }

    /** The files named by the arguments, directories expanded, in order. */
    static List<Path> expand(List<Path> args, List<ConfigError> errors) {
        List<Path> files = new ArrayList<>();
        for (Path p : args) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> inDir = s.filter(f -> Files.isRegularFile(f)
                                    && (f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")))
                            .sorted().toList();
                    if (inDir.isEmpty()) {
                        errors.add(new ConfigError("", p.toString(), "directory holds no .yaml file"));
                    }
                    files.addAll(inDir);
                } catch (IOException e) {
                    errors.add(new ConfigError("", p.toString(), "cannot list directory: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                errors.add(new ConfigError("", p.toString(), "no such file or directory"));
            }
        }
        return files;
    }

    /** Parses and merges the files; adds an error per unreadable or malformed file. */
    static Node load(List<Path> files, Map<String, String> env, List<ConfigError> errors) {
        Node merged = null;
        for (Path f : files) {
            try {
                Node doc = parse(Files.readString(f), f.toString(), env);
                if (doc != null && !doc.isMap()) {
                    errors.add(new ConfigError("", doc.where(), "the top level must be a mapping of sections"));
                    continue;
                }
                merged = Node.merge(merged, doc);
            } catch (IOException e) {
                errors.add(new ConfigError("", f.toString(), "cannot read: " + e.getMessage()));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError("", f.toString(), e.getMessage()));
            }
        }
        return merged;
    }

    /** Parses one YAML document. */
    static Node parse(String text, String file, Map<String, String> env) {
        try (JsonParser p = YAML.createParser(text)) {
            return p.nextToken() == null ? null : read(p, file, env);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            int line = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? j.getLocation().getLineNr() : 0;
            throw new IllegalArgumentException("malformed YAML" + (line > 0 ? " at line " + line : "") + ": " + msg);
        }
    }

    private static Node read(JsonParser p, String file, Map<String, String> env) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Node> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    m.put(key, read(p, file, env));
                }
                yield new Node(m, file, line);
            }
            case START_ARRAY -> {
                List<Node> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p, file, env));
                }
                yield new Node(l, file, line);
            }
            case VALUE_STRING -> new Node(substitute(p.getText(), env), file, line);
            case VALUE_NUMBER_INT -> new Node(p.getNumberValue().longValue(), file, line);
            case VALUE_NUMBER_FLOAT -> new Node(p.getDoubleValue(), file, line);
            case VALUE_TRUE -> new Node(Boolean.TRUE, file, line);
            case VALUE_FALSE -> new Node(Boolean.FALSE, file, line);
            default -> new Node(null, file, line);
        };
    }

    /** Replaces {@code %{NAME}} by the variable's value; unset variables stay as written. */
    static String substitute(String s, Map<String, String> env) {
        if (s.indexOf("%{") < 0) {
            return s;
        }
        Matcher m = ENV.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
