package dev.vigil.architecture;

import dev.vigil.architecture.SourceTree.SourceFile;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The layout rules, each a function from a {@link SourceTree} to the list of its violations (empty when the
 * rule holds), one readable line per violation.
 */
final class Rules {

    private Rules() {
    }

    /** Files outside {@code dev.vigil.*} or in a directory that does not match their package. */
    static List<String> misplacedFiles(SourceTree tree) {
        List<String> wrong = new ArrayList<>();
        for (SourceFile f : tree.files()) {
            String dir = f.dir().toString().replace('\\', '/').replace('/', '.');
            if (f.pkg().isEmpty() || !f.pkg().startsWith("dev.vigil.") || !f.pkg().equals(dir)) {
                wrong.add(f.path() + ": package '" + f.pkg() + "'");
            }
        }
        return wrong;
    }

    /** Packages declared in more than one module. */
    static List<String> splitPackages(SourceTree tree) {
        List<String> out = new ArrayList<>();
        tree.packageModules().forEach((p, mods) -> {
            if (mods.size() > 1) {
                out.add(p + " in " + mods);
            }
        });
        return out;
    }

    /** Modules with main sources that have no entry in {@code allowed}. */
    static List<String> unknownModules(SourceTree tree, Map<String, Set<String>> allowed) {
        List<String> out = new ArrayList<>(tree.modules.keySet());
        out.removeAll(allowed.keySet());
        return out;
    }

    /** References from a module to a module that is not among its allowed dependencies. */
    static List<String> forbiddenReferences(SourceTree tree, Map<String, Set<String>> allowed) {
        Map<String, String> moduleOf = new HashMap<>();
        tree.packageModules().forEach((p, mods) -> moduleOf.put(p, mods.iterator().next()));
        List<String> out = new ArrayList<>();
        for (SourceFile f : tree.files()) {
            Set<String> ok = allowed.getOrDefault(f.module(), Set.of());
            for (String ref : f.references()) {
                String target = SourceTree.resolve(ref, moduleOf.keySet());
                if (target == null) {
                    continue;
                }
                String to = moduleOf.get(target);
                if (!to.equals(f.module()) && !ok.contains(to)) {
                    out.add(f.path() + " (" + f.module() + ") -> " + ref + " (" + to + ")");
                }
            }
        }
        return out;
    }

    /** Each package cycle, with every edge inside it and the files that make the edge. */
    static List<String> packageCycles(SourceTree tree) {
        Map<String, Map<String, Set<String>>> edges = packageEdges(tree);
        List<String> out = new ArrayList<>();
        for (Set<String> component : stronglyConnected(edges)) {
            StringBuilder sb = new StringBuilder("cycle between " + component + ":");
            for (String from : component) {
                for (Map.Entry<String, Set<String>> e : edges.getOrDefault(from, Map.of()).entrySet()) {
                    if (component.contains(e.getKey())) {
                        sb.append("\n    ").append(from).append(" -> ").append(e.getKey()).append(" in ")
                                .append(e.getValue());
                    }
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Main files over {@code maxLines} lines (paths from the repository root). */
    static List<String> longFiles(SourceTree tree, int maxLines) {
        List<String> out = new ArrayList<>();
        for (SourceFile f : tree.files()) {
            if (f.lines() > maxLines) {
                out.add(f.path() + ": " + f.lines() + " lines");
            }
        }
        return out;
    }

    /** Package directories without a package-info.java. */
    static List<String> packagesWithoutInfo(SourceTree tree) {
        List<String> out = new ArrayList<>();
        tree.packageDirs.forEach((rel, dir) -> {
            if (!Files.isRegularFile(dir.resolve("package-info.java"))) {
                out.add(rel);
            }
        });
        return out;
    }

    /** From package to package (self-references left out), each edge with the file names that make it. */
    static Map<String, Map<String, Set<String>>> packageEdges(SourceTree tree) {
        Set<String> packages = tree.packageModules().keySet();
        Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
        for (SourceFile f : tree.files()) {
            for (String ref : f.references()) {
                String to = SourceTree.resolve(ref, packages);
                if (to != null && !to.equals(f.pkg())) {
                    edges.computeIfAbsent(f.pkg(), k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>())
                            .add(f.path().substring(f.path().lastIndexOf('/') + 1));
                }
            }
        }
        return edges;
    }

    /** The strongly connected components of more than one node (Tarjan's algorithm, iterative). */
    static List<Set<String>> stronglyConnected(Map<String, Map<String, Set<String>>> edges) {
        Set<String> nodes = new TreeSet<>(edges.keySet());
        edges.values().forEach(m -> nodes.addAll(m.keySet()));
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        for (String start : nodes) {
            if (index.containsKey(start)) {
                continue;
            }
            Deque<Frame> work = new ArrayDeque<>();
            work.push(visit(start, edges, index, low, stack, onStack));
            while (!work.isEmpty()) {
                Frame frame = work.peek();
                String v = frame.node;
                if (frame.next < frame.successors.size()) {
                    String w = frame.successors.get(frame.next++);
                    if (!index.containsKey(w)) {
                        work.push(visit(w, edges, index, low, stack, onStack));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek().node;
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new TreeSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    if (component.size() > 1) {
                        out.add(component);
                    }
                }
            }
        }
        return out;
    }

    /** A node of the depth-first search and how far its successors have been walked. */
    private static final class Frame {
        final String node;
        final List<String> successors;
        int next;

        Frame(String node, List<String> successors) {
            this.node = node;
            this.successors = successors;
        }
    }

    private static Frame visit(String v, Map<String, Map<String, Set<String>>> edges, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        return new Frame(v, new ArrayList<>(edges.getOrDefault(v, Map.of()).keySet()));
    }
}
