package dev.vigil.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules catch what they should on a small made-up repository, and only that. */
class RulesTest {

    private static final Map<String, Set<String>> LAYERS = Map.of("lib", Set.of(), "app", Set.of("lib"));

    @TempDir
    Path root;

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private SourceTree clean() throws IOException {
        write("lib/src/main/java/dev/vigil/lib/a/package-info.java", "/** A. */\npackage dev.vigil.lib.a;\n");
        write("lib/src/main/java/dev/vigil/lib/a/A.java", """
                package dev.vigil.lib.a;

                import dev.vigil.lib.b.B;

                /** Mentions {@link dev.vigil.app.App} in a comment only. */
                public class A {
                    String s = "dev.vigil.app.App";
                    B b;
                }
                """);
        write("lib/src/main/java/dev/vigil/lib/b/package-info.java", "/** B. */\npackage dev.vigil.lib.b;\n");
        write("lib/src/main/java/dev/vigil/lib/b/B.java", "package dev.vigil.lib.b;\n\npublic class B {\n}\n");
        write("app/src/main/java/dev/vigil/app/package-info.java", "/** App. */\npackage dev.vigil.app;\n");
        write("app/src/main/java/dev/vigil/app/App.java", """
                package dev.vigil.app;

                import static dev.vigil.lib.a.A.class;

                public class App {
                    dev.vigil.lib.b.B b;
                }
                """);
        return SourceTree.read(root);
    }

    @Test
    void aCleanTree_breaksNoRule() throws IOException {
        SourceTree t = clean();
        assertThat(t.files()).hasSize(6);
        assertThat(Rules.unknownModules(t, LAYERS)).isEmpty();
        assertThat(Rules.misplacedFiles(t)).isEmpty();
        assertThat(Rules.splitPackages(t)).isEmpty();
        assertThat(Rules.forbiddenReferences(t, LAYERS)).isEmpty();
        assertThat(Rules.packageCycles(t)).isEmpty();
        assertThat(Rules.longFiles(t, 10)).isEmpty();
        assertThat(Rules.packagesWithoutInfo(t)).isEmpty();
        assertThat(Rules.packageEdges(t)).containsOnlyKeys("dev.vigil.lib.a", "dev.vigil.app");
        assertThat(Rules.packageEdges(t).get("dev.vigil.app")).containsOnlyKeys("dev.vigil.lib.a", "dev.vigil.lib.b");
    }

    @Test
    void anUpwardReference_aCycle_aLongFile_aMissingPackageInfo_andAStrayModule_areEachReported() throws IOException {
        clean();
        // lib.b names the app (upward) and lib.a (a cycle a -> b -> a), by a qualified name in code.
        write("lib/src/main/java/dev/vigil/lib/b/B.java", "package dev.vigil.lib.b;\n\npublic class B {\n"
                + "    dev.vigil.app.App app;\n    dev.vigil.lib.a.A a;\n}\n" + "\n".repeat(20));
        write("lib/src/main/java/dev/vigil/lib/c/C.java", "package dev.vigil.lib.c;\n\npublic class C {\n}\n");
        write("tools/src/main/java/dev/vigil/tools/package-info.java", "package dev.vigil.tools;\n");
        SourceTree t = SourceTree.read(root);

        assertThat(Rules.forbiddenReferences(t, LAYERS)).containsExactly(
                "lib/src/main/java/dev/vigil/lib/b/B.java (lib) -> dev.vigil.app.App (app)");
        List<String> cycles = Rules.packageCycles(t);
        assertThat(cycles).hasSize(1);
        assertThat(cycles.get(0)).startsWith("cycle between [dev.vigil.app, dev.vigil.lib.a, dev.vigil.lib.b]:")
                .contains("dev.vigil.lib.b -> dev.vigil.lib.a in [B.java]");
        assertThat(Rules.longFiles(t, 10)).containsExactly("lib/src/main/java/dev/vigil/lib/b/B.java: 26 lines");
        assertThat(Rules.packagesWithoutInfo(t)).containsExactly("lib/src/main/java/dev/vigil/lib/c");
        assertThat(Rules.unknownModules(t, LAYERS)).containsExactly("tools");
    }

    @Test
    void aFileInTheWrongDirectory_andASplitPackage_areReported() throws IOException {
        clean();
        write("app/src/main/java/dev/vigil/app/Wrong.java", "package dev.vigil.lib.b;\n\nclass Wrong {\n}\n");
        SourceTree t = SourceTree.read(root);
        assertThat(Rules.misplacedFiles(t)).containsExactly("app/src/main/java/dev/vigil/app/Wrong.java: package 'dev.vigil.lib.b'");
        assertThat(Rules.splitPackages(t)).containsExactly("dev.vigil.lib.b in [app, lib]");
    }

    @Test
    void commentsStringsAndTextBlocksAreBlanked_lineBreaksKept() {
        String src = "a /* x\n y */ b // c\n\"d\\\"e\" 'f' \"\"\"\n g \"\"\" h";
        String out = SourceTree.blankCommentsAndStrings(src);
        assertThat(out).hasSameSizeAs(src);
        assertThat(out.replaceAll("\\s+", " ").trim()).isEqualTo("a b h");
        assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(3);
    }
}
