package dev.vigil.config;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads one or more YAML files and directories as vmanomaly does (vmanomaly docs, v1.25): a directory
 * contributes its {@code .yaml} and {@code .yml} files in name order (no recursion); documents are
 * merged recursively in argument order, later values winning; every {@code %{NAME}} inside a string
 * scalar is replaced by the environment variable {@code NAME}, or left as written when it is unset.
 * YAML is read with SnakeYAML's composer, so anchors, aliases and merge keys resolve as in any YAML
 * loader (vmanomaly's PyYAML included); every node keeps its file and line for error messages (a value
 * given by an alias, the line of its key). Stateless and thread-safe; O(size of the files).
 */
final class ConfigLoader {

    private static final Pattern ENV = Pattern.compile("%\\{([A-Za-z_][A-Za-z0-9_]*)}");

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

    /**
     * Parses and merges the files; adds an error per unreadable or malformed file and a warning per
     * duplicate key.
     */
    static Node load(List<Path> files, Map<String, String> env, List<ConfigError> errors, List<String> warnings) {
        Node merged = null;
        for (Path f : files) {
            try {
                Node doc = parse(Files.readString(f), f.toString(), env, warnings);
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

    /**
     * Parses one YAML document: anchors and aliases are resolved, merge keys ({@code <<: *defaults})
     * laid under the mapping's own keys, and a duplicate key (the later one wins) adds a warning.
     *
     * @throws IllegalArgumentException when the text is not well-formed YAML, naming the line
     */
    static Node parse(String text, String file, Map<String, String> env, List<String> warnings) {
        org.yaml.snakeyaml.nodes.Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage().split("\n")[0];
            throw new IllegalArgumentException("malformed YAML" + (m != null ? " at line " + (m.getLine() + 1) : "")
                    + ": " + problem);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("malformed YAML: " + String.valueOf(e.getMessage()).split("\n")[0]);
        }
        return root == null ? null : new Converter(file, env, warnings).convert(root, line(root), 0);
    }

    /** Turns SnakeYAML's composed tree into {@link Node}s, typing plain scalars. Not thread-safe; one per document. */
    private record Converter(String file, Map<String, String> env, List<String> warnings) {

        /** Deeper than this is a cycle through aliases, or no configuration. */
        private static final int MAX_DEPTH = 100;

        /** {@code at}: the line to report for this node (the key's line for an alias value). */
        Node convert(org.yaml.snakeyaml.nodes.Node n, int at, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("malformed YAML at line " + at + ": nested more than " + MAX_DEPTH
                        + " levels (a recursive alias?)");
            }
            if (n instanceof MappingNode m) {
                Map<String, Node> out = new LinkedHashMap<>();
                Map<String, Node> merged = new LinkedHashMap<>();
                for (NodeTuple t : m.getValue()) {
                    org.yaml.snakeyaml.nodes.Node k = t.getKeyNode();
                    org.yaml.snakeyaml.nodes.Node v = t.getValueNode();
                    int keyLine = line(k);
                    if (k.getTag().equals(Tag.MERGE)) {
                        mergeInto(merged, v, keyLine, depth);
                        continue;
                    }
                    if (!(k instanceof ScalarNode ks)) {
                        throw new IllegalArgumentException("malformed YAML at line " + keyLine
                                + ": a mapping key must be a plain value, not a list or a mapping");
                    }
                    String key = ks.getValue();
                    Node value = convert(v, Math.max(keyLine, line(v)), depth + 1);
                    if (out.put(key, value) != null) {
                        warnings.add(file + ":" + keyLine + ": duplicate key \"" + key + "\"; the last value is used");
                    }
                }
                merged.forEach(out::putIfAbsent);
                return new Node(out, file, at);
            }
            if (n instanceof SequenceNode s) {
                List<Node> out = new ArrayList<>();
                for (org.yaml.snakeyaml.nodes.Node item : s.getValue()) {
                    out.add(convert(item, line(item), depth + 1));
                }
                return new Node(out, file, at);
            }
            return new Node(scalar((ScalarNode) n), file, at);
        }

        /** {@code <<: *a} or {@code <<: [*a, *b]}: the entries not yet merged (earlier mappings win). */
        private void mergeInto(Map<String, Node> merged, org.yaml.snakeyaml.nodes.Node v, int keyLine, int depth) {
            List<org.yaml.snakeyaml.nodes.Node> sources = v instanceof SequenceNode s ? s.getValue() : List.of(v);
            for (org.yaml.snakeyaml.nodes.Node src : sources) {
                if (!(src instanceof MappingNode)) {
                    throw new IllegalArgumentException("malformed YAML at line " + keyLine
                            + ": a merge key (<<) takes a mapping or a list of mappings");
                }
                convert(src, keyLine, depth + 1).map().forEach(merged::putIfAbsent);
            }
        }

        /**
         * A scalar as Jackson's YAML reader types it: YAML 1.1 integers (underscores, {@code 0x}, octal)
         * and floats, {@code true}/{@code false}, {@code null}/{@code ~}; anything else, quoted values and
         * integers beyond a {@code long} (reported by the key that reads them) stay text, with
         * {@code %{ENV}} substituted.
         */
        private Object scalar(ScalarNode s) {
            String v = s.getValue();
            Tag tag = s.getTag();
            if (tag.equals(Tag.NULL)) {
                return null;
            }
            if (tag.equals(Tag.BOOL)) {
                String b = v.toLowerCase(Locale.ROOT);
                if (b.equals("true") || b.equals("false")) {
                    return Boolean.valueOf(b);
                }
            } else if (tag.equals(Tag.INT) && v.indexOf(':') < 0) {
                Long l = integer(v.replace("_", ""));
                if (l != null) {
                    return l;
                }
            } else if (tag.equals(Tag.FLOAT) && v.indexOf(':') < 0) {
                String f = v.replace("_", "").toLowerCase(Locale.ROOT);
                return f.endsWith(".inf") ? (f.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                        : f.equals(".nan") ? Double.NaN : Double.parseDouble(f);
            }
            return substitute(v, env);
        }

        /** A YAML 1.1 integer, or {@code null} beyond a {@code long}. */
        private static Long integer(String v) {
            boolean neg = v.startsWith("-");
            String d = v.startsWith("-") || v.startsWith("+") ? v.substring(1) : v;
            int radix = 10;
            if (d.startsWith("0x")) {
                radix = 16;
                d = d.substring(2);
            } else if (d.startsWith("0b")) {
                radix = 2;
                d = d.substring(2);
            } else if (d.length() > 1 && d.startsWith("0")) {
                radix = 8;
                d = d.substring(1);
            }
            BigInteger b = new BigInteger(d, radix);
            b = neg ? b.negate() : b;
            return b.bitLength() < 64 ? b.longValue() : null;
        }
    }

    /** The 1-based line a node starts on. */
    private static int line(org.yaml.snakeyaml.nodes.Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
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
