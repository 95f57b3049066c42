package dev.chatservice.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What README.md and docs/docker.md say about the compose stack and its configuration is what the files do. */
class DockerDocsTest {
    private static final Path ROOT = ComposeYaml.ROOT;
    private static final Path README = ROOT.resolve("README.md");
    private static final Path DOCKER_DOC = ROOT.resolve("docs/docker.md");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern TABLE_VARIABLE = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]+)` \\|");
    private static final Pattern GC_FLAG = Pattern.compile("-XX:\\+Use\\w*GC");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

    private final Compose compose = new Compose();

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/docker.md"})
    void links_relativeLink_pointsToAnExistingFile(String document) {
        Path file = ROOT.resolve(document);
        List<String> broken = new ArrayList<>();
        Matcher link = LINK.matcher(AppVariables.read(file));
        while (link.find()) {
            String target = link.group(1).replaceFirst("#.*", "");
            if (!target.isEmpty() && !target.matches("[a-z]+:.*") && !Files.exists(file.resolveSibling(target))) {
                broken.add(link.group(1));
            }
        }
        assertEquals(List.of(), broken, document);
    }

    @Test
    void readme_dockerSection_linksDockerDoc() {
        assertTrue(AppVariables.read(README).contains("](docs/docker.md)"));
    }

    @Test
    void readme_configurationTable_listsExactlyTheVariablesTheAppsRead() {
        String readme = AppVariables.read(README);
        String configuration = readme.substring(readme.indexOf("## Configuration"));
        configuration = configuration.substring(0, configuration.indexOf("\n## ", 1));
        Set<String> reads = new TreeSet<>(AppVariables.httpNodeReads());
        reads.addAll(AppVariables.workerReads());
        assertEquals(reads, tableVariables(configuration));
    }

    @Test
    void dockerDoc_variablesTable_listsEveryVariableTheComposeFileTakesFromTheShell() {
        Set<String> interpolated = new TreeSet<>();
        Matcher variable = COMPOSE_VARIABLE.matcher(AppVariables.read(ComposeYaml.FILE));
        while (variable.find()) {
            interpolated.add(variable.group(1));
        }
        assertFalse(interpolated.isEmpty());
        assertEquals(interpolated, tableVariables(section(DOCKER_DOC, "## Variables")));
    }

    @Test
    void dockerDoc_imagesTable_namesTheServiceThatBuildsEachImage() {
        Map<String, String> documented = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(chat-service/[^`]+)` \\| `([^`]+)` \\|")
                .matcher(section(DOCKER_DOC, "## Images"));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        Map<String, String> actual = new TreeMap<>();
        compose.images().forEach((service, image) -> {
            if (compose.service(service).has("build")) {
                actual.put(image, service);
            }
        });
        assertEquals(actual, documented);
    }

    @Test
    void readme_memory_namesTheDockerfilesHeapShareAndCollector() {
        String readme = AppVariables.read(README);
        for (String flag : entrypointFlags()) {
            if (flag.startsWith("-XX:MaxRAMPercentage=") || GC_FLAG.matcher(flag).matches()) {
                assertTrue(readme.contains("`" + flag + "`"), "README.md does not name " + flag);
            }
        }
    }

    @Test
    void dockerDoc_memory_namesEveryJvmFlagAndTheArenaLimitOfTheImages() {
        String memory = section(DOCKER_DOC, "## Memory");
        for (String flag : entrypointFlags()) {
            assertTrue(memory.contains("`" + flag + "`"), "docs/docker.md does not name " + flag);
        }
        assertTrue(memory.contains("`MALLOC_ARENA_MAX=2`"), "docs/docker.md does not name MALLOC_ARENA_MAX=2");
    }

    /** The JVM flags of both images' ENTRYPOINT. */
    private static Set<String> entrypointFlags() {
        Set<String> flags = new TreeSet<>();
        for (String module : List.of("app-http", "app-worker")) {
            Dockerfiles.execForm(module, "ENTRYPOINT").stream().filter(f -> f.startsWith("-XX:")).forEach(flags::add);
        }
        assertFalse(flags.isEmpty());
        return flags;
    }

    @Test
    void dockerDoc_memoryTable_givesEachAppContainersLimitAndHeap() {
        String memory = section(DOCKER_DOC, "## Memory");
        for (String name : List.of("http-1", "http-2", "worker-1", "worker-2", "migrate")) {
            String limit = compose.service(name).path("mem_limit").asText();
            assertEquals("768m", limit, name + ": docs/docker.md's table says 768 MiB");
            int heap = 768 * DockerfileTest.heapPercent(compose.dockerfileModule(name).orElseThrow()) / 100;
            assertTrue(memory.contains(heap + " MiB"), "docs/docker.md does not give the " + heap + " MiB heap");
        }
    }

    private static Set<String> tableVariables(String markdown) {
        Set<String> names = new TreeSet<>();
        Matcher row = TABLE_VARIABLE.matcher(markdown);
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }

    /** From a heading to the next heading of the same level. */
    private static String section(Path file, String heading) {
        String text = AppVariables.read(file);
        int start = text.indexOf("\n" + heading);
        assertTrue(start >= 0, file + " has no " + heading);
        int end = text.indexOf("\n## ", start + 1);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }
}
