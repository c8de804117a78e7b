package io.github.deepanalyze.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.deepanalyze.Analyst;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start is what a new user types first: it must compile with only
 * {@code deepanalyze-api} and {@code deepanalyze-openai} on the class path (no engine, no executor,
 * no Jackson in the user's own code).
 */
class ReadmeQuickStartTest {

    @Test
    void quickStartCompilesAgainstTheApiAndTheClientModuleAlone(@TempDir Path tmp) throws Exception {
        String snippet = firstJavaBlock(Files.readString(Path.of("..", "README.md")));
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : snippet.lines().toList()) {
            (line.startsWith("import ") ? imports : body).add(line);
        }
        assertThat(imports).as("the quick start shows its imports").isNotEmpty()
                .noneMatch(i -> i.contains(".core.") || i.contains(".internal."));
        String source = String.join("\n", imports) + "\n\nclass QuickStartSnippet {\n    void run() throws Exception {\n"
                + body.stream().map(l -> "        " + l).collect(Collectors.joining("\n")) + "\n    }\n}\n";
        Path file = tmp.resolve("QuickStartSnippet.java");
        Files.writeString(file, source);

        String classPath = location(Analyst.class) + java.io.File.pathSeparator + location(OpenAiCompatibleModel.class);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
            StringWriter out = new StringWriter();
            boolean ok = javac.getTask(out, fm, diagnostics,
                    List.of("-classpath", classPath, "-d", tmp.resolve("classes").toString(), "-proc:none"),
                    null, fm.getJavaFileObjects(file)).call();
            assertThat(ok).as("README quick start compiles with only %s; source:%n%s%ndiagnostics: %s",
                    classPath, source, diagnostics.getDiagnostics()).isTrue();
        }
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String firstJavaBlock(String readme) throws IOException {
        int start = readme.indexOf("```java\n");
        assertThat(start).as("README has a ```java block").isNotNegative();
        int end = readme.indexOf("\n```", start + 8);
        return readme.substring(start + 8, end);
    }
}
