package dev.chatservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding example, compiled as an embedder would against the domain module (so it may use only
 * what the module exports) and run in a JVM of its own.
 */
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path DOMAIN_CLASSES = Path.of("target", "classes");

    @TempDir
    Path work;

    @Test
    @Timeout(120)
    void embeddingExample_compiledAgainstTheModule_runsAndFindsItsMessage() throws Exception {
        String source = embeddingExample();
        Path file = work.resolve("EmbeddedChat.java");
        Files.writeString(file, source);

        String compiled = run(tool("javac"), "--module-path", DOMAIN_CLASSES.toString(), "--add-modules",
                "dev.chatservice.domain", "-d", work.toString(), file.toString());
        assertEquals("", compiled, "the README's example does not compile against the domain module");

        String output = run(tool("java"), "--module-path", DOMAIN_CLASSES.toString(), "--add-modules",
                "dev.chatservice.domain", "-cp", work.toString(), "EmbeddedChat");
        assertEquals(List.of("chat 1: hello, wonderful world"), output.lines().toList());
    }

    /** A JDK tool of the JVM running the tests: a process of its own, as the test runs inside the domain module. */
    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** Runs a command to completion; its output, or a failure holding it if the command failed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "did not finish within 60 s: " + command[0]);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /** The first Java block after the "Embedding the domain" heading. */
    private static String embeddingExample() throws IOException {
        String readme = Files.readString(README);
        int section = readme.indexOf("### Embedding the domain");
        assertTrue(section >= 0, "README.md has no 'Embedding the domain' section");
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(section), "the section has no ```java block");
        return block.group(1);
    }
}
