package dev.chatservice.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * .gitattributes keeps LF in what a shell or a Linux container reads, on every clone: a Windows checkout with
 * core.autocrlf would otherwise write CRLF, and bash then fails on "bash\r". Asked of Git itself
 * ({@code git check-attr}), so a pattern that does not match what it should fails here.
 */
class GitAttributesTest {
    private static final Path ROOT = ComposeYaml.ROOT;

    @Test
    void eol_everyTrackedScript_isLf() {
        List<String> scripts = new ArrayList<>();
        for (String file : git("ls-files", "-z").split("\0")) {
            if (!file.isEmpty() && isScript(file)) {
                scripts.add(file);
            }
        }
        assertTrue(scripts.containsAll(List.of("mvnw", "scripts/stack", "scripts/test", "bench/run", ".ci/run")),
                "the scripts were not found: " + scripts);
        Map<String, String> notLf = new LinkedHashMap<>();
        eol(scripts).forEach((file, eol) -> {
            if (!eol.equals("lf")) {
                notLf.put(file, eol);
            }
        });
        assertEquals(Map.of(), notLf, "scripts whose line endings a checkout may change");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripts/a-new-script", "bench/lib/a-new-helper.sh", "app-http/Dockerfile",
            "app-worker/Dockerfile.dockerignore", "system-tests/src/test/resources/compose-spec/compose-spec.json"})
    void eol_fileAddedOrReadByALinuxContainer_isLf(String file) {
        assertEquals(Map.of(file, "lf"), eol(List.of(file)));
    }

    @Test
    void eol_ordinaryTextFile_followsTheCheckoutsSetting() {
        assertEquals(Map.of("README.md", "unspecified"), eol(List.of("README.md")),
                "only the files that need LF are forced to it");
    }

    /** The scripts: the named ones, anything under scripts/ and every file that starts with #!. */
    private static boolean isScript(String file) {
        if (file.equals("mvnw") || file.endsWith(".sh") || file.equals("bench/run") || file.equals(".ci/run")
                || (file.startsWith("scripts/") && file.indexOf('/', "scripts/".length()) < 0)) {
            return true;
        }
        Path path = ROOT.resolve(file);
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File to the value of its eol attribute ("lf", "crlf" or "unspecified"). */
    private static Map<String, String> eol(List<String> files) {
        List<String> command = new ArrayList<>(List.of("check-attr", "eol", "--"));
        command.addAll(files);
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : git(command.toArray(String[]::new)).split("\n")) {
            if (!line.isBlank()) {
                int separator = line.lastIndexOf(": eol: ");
                assertTrue(separator > 0, line);
                result.put(line.substring(0, separator), line.substring(separator + ": eol: ".length()).trim());
            }
        }
        assertEquals(new TreeSet<>(files), new TreeSet<>(result.keySet()), "git check-attr answered for other files");
        return result;
    }

    private static String git(String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-C", ROOT.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "git did not finish: " + command);
            assertEquals(0, process.exitValue(), command + ": " + output);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("git must be installed and this a Git checkout", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
