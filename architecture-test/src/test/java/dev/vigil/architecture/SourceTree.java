package dev.vigil.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The main Java sources of every module of the repository, read as text (nothing is compiled or loaded):
 * for each file its module, its declared package, its line count and the {@code dev.vigil} packages it
 * refers to, by import or by a fully qualified name in code. Comments and string literals are blanked
 * first, so a name in Javadoc or in a log message is not a dependency.
 */
final class SourceTree {

    /** A main source file; {@code path} is relative to the repository root, with {@code /} separators. */
    record SourceFile(String module, String path, Path dir, String pkg, int lines, Set<String> references) {
    }

    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])dev\\.vigil(?:\\s*\\.\\s*\\w+)+");

    final Path root;
    /** Module directory name to its files, sorted by path. */
    final Map<String, List<SourceFile>> modules = new TreeMap<>();
    /** Every directory under a module's src/main/java that holds .java files, relative to the root. */
    final Map<String, Path> packageDirs = new TreeMap<>();

    private SourceTree(Path root) {
        this.root = root;
    }

    /**
     * Reads the repository that contains the working directory: the nearest directory, from the working
     * directory up, whose pom.xml is the vigil-parent POM (Maven runs a module's tests in the module's
     * directory, so this is normally {@code ..}).
     */
    static SourceTree read() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            if (Files.isRegularFile(pom) && isParentPom(text(pom))) {
                return read(d);
            }
        }
        throw new IllegalStateException("no vigil-parent pom.xml in " + Path.of("").toAbsolutePath() + " or above");
    }

    /** The vigil-parent POM itself (a module's POM names it too, as its parent, but lists no modules). */
    private static boolean isParentPom(String pom) {
        return pom.contains("<artifactId>vigil-parent</artifactId>") && pom.contains("<modules>");
    }

    static SourceTree read(Path root) {
        SourceTree t = new SourceTree(root);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path m : dirs.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).sorted().toList()) {
                t.readModule(m.getFileName().toString(), m.resolve("src/main/java"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    private void readModule(String module, Path javaRoot) throws IOException {
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(javaRoot)) {
            for (Path f : all.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = text(f);
                String code = blankCommentsAndStrings(text);
                Matcher pm = PACKAGE.matcher(code);
                String pkg = "";
                if (pm.find()) {
                    pkg = pm.group(1);
                    // The declaration itself is not a reference.
                    code = code.substring(0, pm.start()) + " ".repeat(pm.end() - pm.start()) + code.substring(pm.end());
                }
                Set<String> refs = new TreeSet<>();
                Matcher q = QUALIFIED.matcher(code);
                while (q.find()) {
                    refs.add(q.group().replaceAll("\\s", ""));
                }
                String rel = root.relativize(f).toString().replace('\\', '/');
                files.add(new SourceFile(module, rel, javaRoot.relativize(f.getParent()), pkg,
                        (int) text.lines().count(), Collections.unmodifiableSet(refs)));
                packageDirs.put(root.relativize(f.getParent()).toString().replace('\\', '/'), f.getParent());
            }
        }
        modules.put(module, List.copyOf(files));
    }

    /** Every file of every module. */
    List<SourceFile> files() {
        return modules.values().stream().flatMap(List::stream).toList();
    }

    /** Declared package to the modules that declare it (more than one is a split package). */
    Map<String, Set<String>> packageModules() {
        Map<String, Set<String>> m = new TreeMap<>();
        for (SourceFile f : files()) {
            m.computeIfAbsent(f.pkg(), k -> new TreeSet<>()).add(f.module());
        }
        return m;
    }

    /**
     * The declared package a qualified name refers to: the longest declared package that is the name or
     * a prefix of it followed by a dot (a class, a nested class or a static member); null when none.
     */
    static String resolve(String name, Set<String> packages) {
        String best = null;
        for (String p : packages) {
            if ((name.equals(p) || name.startsWith(p + ".")) && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best;
    }

    private static String text(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The source with every comment, string, text block and char literal replaced by spaces (line breaks
     * kept), so that only code is left to scan.
     */
    static String blankCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                i = blank(s, i, end, out);
            } else if (s.startsWith("\"\"\"", i)) {
                int j = i + 3;
                while (j < n && !s.startsWith("\"\"\"", j)) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = blank(s, i, Math.min(n, j + 3), out);
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = blank(s, i, Math.min(n, j + 1), out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int blank(String s, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(s.charAt(k) == '\n' ? '\n' : ' ');
        }
        return to;
    }
}
