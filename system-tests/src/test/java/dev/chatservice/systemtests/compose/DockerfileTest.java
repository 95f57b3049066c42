package dev.chatservice.systemtests.compose;

import static dev.chatservice.systemtests.compose.AppVariables.read;
import static dev.chatservice.systemtests.compose.Dockerfiles.buildStage;
import static dev.chatservice.systemtests.compose.Dockerfiles.copiedJar;
import static dev.chatservice.systemtests.compose.Dockerfiles.execForm;
import static dev.chatservice.systemtests.compose.Dockerfiles.indexOf;
import static dev.chatservice.systemtests.compose.Dockerfiles.instructions;
import static dev.chatservice.systemtests.compose.Dockerfiles.jarPath;
import static dev.chatservice.systemtests.compose.Dockerfiles.runtimeStage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The app Dockerfiles build from source the jars scripts/stack runs, and run them the way docs/docker.md says. */
class DockerfileTest {
    private static final Path ROOT = ComposeYaml.ROOT;
    private static final Pattern EXACT_VERSION_TAG = Pattern.compile("\\d+\\.\\d+\\.\\d+[\\w.-]*");
    /** The flags that pick a collector; exactly one of them belongs on the command line. */
    private static final Pattern GC_FLAG = Pattern.compile("-XX:\\+Use\\w*GC");

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerfile_buildStage_packagesFromSourceWithTheMavenWrapper(String module) {
        List<String> runs = buildStage(module).stream().filter(i -> i.startsWith("RUN ")).toList();
        assertFalse(runs.isEmpty(), module);
        assertEquals("RUN ./mvnw -B -ntp package -DskipTests", runs.get(runs.size() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerfile_dependencyLayer_resolvesFromEveryPomBeforeTheSourcesArrive(String module) {
        List<String> stage = buildStage(module);
        int firstRun = indexOf(stage, i -> i.startsWith("RUN ./mvnw"));
        assertTrue(firstRun >= 0, module);
        List<String> before = new ArrayList<>(List.of("mvnw ", ".mvn/ ", "pom.xml "));
        for (String child : AppVariables.modules()) {
            before.add(child + "/pom.xml ");
            int sources = indexOf(stage, i -> i.startsWith("COPY " + child + "/src "));
            assertTrue(sources > firstRun, module + ": " + child + "/src must be copied after the dependency layer");
        }
        for (String file : before) {
            int copy = indexOf(stage, i -> i.startsWith("COPY ") && i.contains(" " + file));
            assertTrue(copy >= 0 && copy < firstRun, module + ": " + file.trim() + " is not copied before "
                    + stage.get(firstRun));
        }
    }

    @Test
    void dockerfile_buildStage_isTheSameInBothImagesSoThatItIsBuiltOnce() {
        assertEquals(buildStage("app-http"), buildStage("app-worker"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void modulePom_shadePlugin_producesTheJarTheDockerfileCopies(String module) {
        String pom = read(ROOT.resolve(module).resolve("pom.xml"));
        assertTrue(pom.contains("<outputFile>${project.build.directory}/" + module + ".jar</outputFile>"), module);
        assertTrue(copiedJar(module).startsWith("/src/" + jarPath(module) + " "), copiedJar(module));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void scriptsStack_jarPath_isTheOneTheDockerfileCopies(String module) {
        assertTrue(read(ROOT.resolve("scripts/stack")).contains("/" + jarPath(module) + "\""),
                "scripts/stack does not run " + jarPath(module));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerfile_entrypoint_runsTheCopiedJarWithAContainerAwareHeap(String module) {
        List<String> entrypoint = execForm(module, "ENTRYPOINT");
        String destination = copiedJar(module).split(" ")[1];
        assertEquals("java", entrypoint.get(0));
        assertEquals(List.of("-jar", destination), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        assertTrue(entrypoint.contains("-XX:MaxRAMPercentage=50"), entrypoint.toString());
        assertTrue(entrypoint.contains("-XX:+ExitOnOutOfMemoryError"), entrypoint.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerfile_entrypoint_choosesSerialGcRatherThanLeavingItToErgonomics(String module) {
        List<String> collectors = execForm(module, "ENTRYPOINT").stream()
                .filter(flag -> GC_FLAG.matcher(flag).matches()).toList();
        assertEquals(List.of("-XX:+UseSerialGC"), collectors);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerfile_entrypoint_commitsAndTouchesTheWholeHeapAtStart(String module) {
        List<String> entrypoint = execForm(module, "ENTRYPOINT");
        assertTrue(entrypoint.contains("-XX:InitialRAMPercentage=" + heapPercent(module)), entrypoint.toString());
        assertTrue(entrypoint.contains("-XX:+AlwaysPreTouch"), entrypoint.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerfile_runtimeStage_limitsGlibcToTwoMallocArenas(String module) {
        assertTrue(runtimeStage(module).contains("ENV MALLOC_ARENA_MAX=2"), module);
    }

    @Test
    void scriptsStack_jvmOptions_runTheCollectorTheImagesRun() {
        String stack = read(ROOT.resolve("scripts/stack"));
        Matcher flags = GC_FLAG.matcher(stack);
        List<String> found = new ArrayList<>();
        while (flags.find()) {
            found.add(flags.group());
        }
        assertFalse(found.isEmpty(), "scripts/stack chooses no collector");
        assertTrue(found.stream().allMatch("-XX:+UseSerialGC"::equals), found.toString());
    }

    @Test
    void dockerfile_worker_runsTheRunCommandByDefault() {
        assertEquals(List.of("run"), execForm("app-worker", "CMD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerfile_runtimeUser_isNotRoot(String module) {
        List<String> users = runtimeStage(module).stream().filter(i -> i.startsWith("USER ")).toList();
        assertFalse(users.isEmpty(), module + " runs as root");
        String user = users.get(users.size() - 1).substring(5).split(":")[0].trim();
        assertFalse(user.equals("root") || user.equals("0"), user);
    }

    @ParameterizedTest
    @CsvSource({"app-http, CHAT_HTTP_PORT", "app-worker, CHAT_HEALTH_PORT"})
    void dockerfile_healthcheck_getsLivezOnThePortTheAppReads(String module, String portVariable) {
        String probe = String.join(" ", execForm(module, "HEALTHCHECK"));
        assertTrue(probe.contains("GET /livez "), probe);
        assertTrue(probe.contains("${" + portVariable + ":-"), probe);
        Set<String> reads = module.equals("app-http") ? AppVariables.httpNodeReads() : AppVariables.workerReads();
        assertTrue(reads.contains(portVariable), module + " does not read " + portVariable);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerfile_baseImages_arePinnedToExactVersions(String module) {
        List<String> froms = instructions(module).stream().filter(i -> i.startsWith("FROM ")).toList();
        assertEquals(2, froms.size(), module + ": a build stage and a runtime stage");
        for (String from : froms) {
            String image = from.split("\\s+")[1];
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertTrue(EXACT_VERSION_TAG.matcher(tag).matches(), from);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerignore_buildContext_leavesOutTargetAndGit(String module) {
        List<String> patterns = ignorePatterns(module + "/Dockerfile.dockerignore");
        assertTrue(patterns.contains("**/target"), patterns.toString());
        assertTrue(patterns.contains(".git"), patterns.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http/Dockerfile.dockerignore", "app-worker/Dockerfile.dockerignore", ".dockerignore"})
    void dockerignore_buildContext_letsInEverythingTheBuildStageCopies(String ignoreFile) {
        List<String> included = ignorePatterns(ignoreFile).stream().filter(p -> p.startsWith("!"))
                .map(p -> p.substring(1).replaceFirst("/$", "").replace(".", "\\.").replace("*", "[^/]*")).toList();
        for (String copy : buildStage("app-http").stream().filter(i -> i.startsWith("COPY ")).toList()) {
            String[] words = copy.split(" ");
            String source = words[words.length - 2];
            String topLevel = source.contains("/") ? source.substring(0, source.indexOf('/')) : source;
            assertTrue(included.stream().anyMatch(topLevel::matches), ignoreFile + " leaves out " + source);
        }
    }

    @Test
    void dockerignore_rootFile_isTheSameAsThePerDockerfileOnes() {
        assertEquals(ignorePatterns("app-http/Dockerfile.dockerignore"), ignorePatterns(".dockerignore"));
        assertEquals(ignorePatterns("app-http/Dockerfile.dockerignore"),
                ignorePatterns("app-worker/Dockerfile.dockerignore"));
    }

    private static List<String> ignorePatterns(String file) {
        return read(ROOT.resolve(file)).lines().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** The heap's share of the container's memory limit, from the ENTRYPOINT. */
    static int heapPercent(String module) {
        return execForm(module, "ENTRYPOINT").stream()
                .filter(flag -> flag.startsWith("-XX:MaxRAMPercentage="))
                .map(flag -> (int) Double.parseDouble(flag.substring(flag.indexOf('=') + 1)))
                .findFirst().orElse(25);
    }
}
