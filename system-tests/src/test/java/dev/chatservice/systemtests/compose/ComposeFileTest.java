package dev.chatservice.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.chatservice.http.HttpSettings;
import dev.chatservice.wiring.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docker-compose.yml and the app Dockerfiles run the stack the way the sources and scripts/stack expect. */
class ComposeFileTest {
    /** The tests run in the module directory, system-tests. */
    private static final Path ROOT = Path.of("..");
    private static final Pattern VARIABLE_LITERAL = Pattern.compile("\"(CHAT_[A-Z0-9_]+)\"");
    private static final Pattern INTERPOLATION =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
    private static final Pattern EXACT_VERSION_TAG = Pattern.compile("\\d+\\.\\d+\\.\\d+[\\w.-]*");
    private static final Set<String> BACKING_SERVICES = Set.of("mysql", "redis", "rabbitmq", "elasticsearch");
    private static final Set<String> HTTP_NODES = Set.of("http-1", "http-2");
    private static final String ONE_SHOT = "migrate";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode compose = readYaml(ROOT.resolve("docker-compose.yml"));
    private final JsonNode services = compose.path("services");

    @Test
    void services_composeFile_areTheWholeStack() {
        assertEquals(Set.of("mysql", "redis", "rabbitmq", "elasticsearch", "migrate", "http-1", "http-2",
                "worker-1", "worker-2", "nginx"), fieldNames(services));
    }

    @Test
    void composeFile_topLevel_hasNoObsoleteVersionKey() {
        assertFalse(compose.has("version"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "redis", "rabbitmq", "elasticsearch", "http-1", "http-2", "worker-1",
            "worker-2", "nginx"})
    void healthcheck_longRunningService_isDefined(String name) {
        assertTrue(hasHealthcheck(name), name + " has no healthcheck, in the compose file or its Dockerfile");
    }

    @Test
    void migrate_oneShot_runsTheMigrateCommandOnceWithoutHealthcheck() {
        JsonNode migrate = service(ONE_SHOT);
        assertEquals(List.of("migrate"), strings(migrate.path("command")));
        assertEquals("no", migrate.path("restart").asText());
        assertTrue(migrate.path("healthcheck").path("disable").asBoolean(), "a one-shot serves no health port");
    }

    @Test
    void sourceScan_appSources_findTheServiceVariables() {
        assertTrue(httpNodeReads().containsAll(Settings.SERVICE_VARIABLES), httpNodeReads().toString());
        assertTrue(workerReads().containsAll(Settings.SERVICE_VARIABLES), workerReads().toString());
        assertTrue(httpNodeReads().contains("CHAT_HTTP_PORT"), httpNodeReads().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2"})
    void environment_httpNode_setsExactlyTheVariablesTheHttpNodeReads(String name) {
        assertEquals(httpNodeReads(), environment(name).keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"worker-1", "worker-2", "migrate"})
    void environment_workerJar_setsExactlyTheVariablesTheWorkerReads(String name) {
        assertEquals(workerReads(), environment(name).keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2"})
    void environment_httpNode_passesStartupValidationInProductionMode(String name) {
        Map<String, String> env = environment(name);
        assertTrue(Settings.fromEnvironment(env).isPresent(), "embedded mode: " + env);
        HttpSettings http = HttpSettings.fromEnvironment(env);
        assertTrue(http.port() > 0, "a fixed port, for the load balancer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"worker-1", "worker-2", "migrate"})
    void environment_workerJar_passesStartupValidationInProductionMode(String name) {
        Map<String, String> env = environment(name);
        assertTrue(Settings.fromEnvironment(env).isPresent(), "embedded mode: " + env);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "redis", "rabbitmq", "elasticsearch", "nginx"})
    void image_externalService_isPinnedToAnExactVersion(String name) {
        JsonNode service = service(name);
        assertFalse(service.has("build"), name);
        String tag = tag(service.path("image").asText());
        assertTrue(EXACT_VERSION_TAG.matcher(tag).matches(), name + " has tag '" + tag + "'");
    }

    @ParameterizedTest
    @CsvSource({"http-1, app-http", "http-2, app-http", "worker-1, app-worker", "worker-2, app-worker",
            "migrate, app-worker"})
    void build_appService_usesItsModuleDockerfileWithTheRepositoryAsContext(String name, String module) {
        JsonNode build = service(name).path("build");
        assertEquals(".", build.path("context").asText(), name);
        assertEquals(module + "/Dockerfile", build.path("dockerfile").asText(), name);
    }

    @Test
    void ports_hostPorts_doNotClash() {
        Map<String, String> owners = new HashMap<>();
        services.properties().forEach(entry -> {
            for (String port : publishedPorts(entry.getValue())) {
                String previous = owners.put(port, entry.getKey());
                assertNull(previous, "host port " + port + " is published by " + previous + " and "
                        + entry.getKey());
            }
        });
    }

    @Test
    void ports_loadBalancer_publishesTheApiOnHostPort8080() {
        assertEquals(List.of("8080/tcp"), publishedPorts(service("nginx")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2", "worker-1", "worker-2", "migrate"})
    void ports_appService_publishesNothing(String name) {
        assertEquals(List.of(), publishedPorts(service(name)), name + " is reached through nginx only");
    }

    @Test
    void dependsOn_everyDependency_waitsForHealthOrCompletion() {
        services.properties().forEach(entry -> {
            JsonNode dependsOn = entry.getValue().path("depends_on");
            assertFalse(dependsOn.isArray(), entry.getKey() + ": the short syntax waits for nothing");
            dependsOn.properties().forEach(dependency -> {
                String target = dependency.getKey();
                String expected = target.equals(ONE_SHOT) ? "service_completed_successfully" : "service_healthy";
                assertEquals(expected, dependency.getValue().path("condition").asText(),
                        entry.getKey() + " -> " + target);
                assertTrue(target.equals(ONE_SHOT) || hasHealthcheck(target), target + " has no healthcheck");
            });
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2", "worker-1", "worker-2"})
    void dependsOn_appService_waitsForTheBackingServicesAndMigrate(String name) {
        Set<String> expected = new TreeSet<>(BACKING_SERVICES);
        expected.add(ONE_SHOT);
        assertEquals(expected, fieldNames(service(name).path("depends_on")));
    }

    @Test
    void dependsOn_migrate_waitsForMysqlOnly() {
        assertEquals(Set.of("mysql"), fieldNames(service(ONE_SHOT).path("depends_on")));
    }

    @Test
    void dependsOn_loadBalancer_waitsForBothHttpNodes() {
        assertEquals(HTTP_NODES, fieldNames(service("nginx").path("depends_on")));
    }

    @Test
    void loadBalancer_config_roundRobinsOverBothHttpNodesOnTheirPort() {
        String config = nginxConfig();
        Matcher upstream = Pattern.compile("upstream\\s+(\\w+)\\s*\\{([^}]*)}").matcher(config);
        assertTrue(upstream.find(), config);
        Set<String> servers = new TreeSet<>();
        Matcher server = Pattern.compile("(?m)^\\s*server\\s+(\\S+)").matcher(upstream.group(2));
        while (server.find()) {
            servers.add(server.group(1));
        }
        Set<String> expected = HTTP_NODES.stream()
                .map(node -> node + ":" + environment(node).get("CHAT_HTTP_PORT"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, servers);
        assertFalse(upstream.group(2).matches("(?s).*\\b(least_conn|ip_hash|hash|random|least_time)\\b.*"),
                "round robin is nginx's default: no other balancing method");
        assertTrue(config.contains("proxy_pass http://" + upstream.group(1) + ";"), config);
    }

    @Test
    void loadBalancer_configMount_replacesTheDefaultServer() {
        JsonNode mount = service("nginx").path("configs").path(0);
        assertEquals("nginx-conf", mount.path("source").asText());
        assertEquals("/etc/nginx/conf.d/default.conf", mount.path("target").asText());
    }

    @Test
    void loadBalancer_config_escapesNginxVariablesFromComposeInterpolation() {
        String raw = compose.path("configs").path("nginx-conf").path("content").asText();
        assertFalse(raw.replace("$$", "").contains("$"), "Compose substitutes a single $: write nginx's as $$");
    }

    @ParameterizedTest
    @CsvSource({"mysql, /var/lib/mysql", "redis, /data", "rabbitmq, /var/lib/rabbitmq",
            "elasticsearch, /usr/share/elasticsearch/data"})
    void volumes_statefulService_keepsItsDataOnANamedVolume(String name, String dataDirectory) {
        boolean found = false;
        for (JsonNode volume : service(name).path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(dataDirectory)) {
                assertTrue(compose.path("volumes").has(parts[0]), parts[0] + " is not a named volume");
                found = true;
            }
        }
        assertTrue(found, name + " keeps " + dataDirectory + " on no volume");
    }

    @Test
    void redis_command_appendsToAnAofFsyncedEverySecond() {
        String command = String.join(" ", strings(service("redis").path("command")));
        assertTrue(command.contains("--appendonly yes"), command);
        assertTrue(command.contains("--appendfsync everysec"), command);
    }

    @Test
    void elasticsearch_environment_runsOneNodeWithoutSecurityOnAFixedHeap() {
        JsonNode env = service("elasticsearch").path("environment");
        assertEquals("single-node", env.path("discovery.type").asText());
        assertEquals("false", env.path("xpack.security.enabled").asText());
        assertEquals("-Xms512m -Xmx512m", env.path("ES_JAVA_OPTS").asText());
    }

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
        for (String child : modules()) {
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
        assertTrue(entrypoint.contains("-XX:MaxRAMPercentage=75"), entrypoint.toString());
        assertTrue(entrypoint.contains("-XX:+ExitOnOutOfMemoryError"), entrypoint.toString());
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
        Set<String> reads = module.equals("app-http") ? httpNodeReads() : workerReads();
        assertTrue(reads.contains(portVariable), module + " does not read " + portVariable);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerfile_baseImages_arePinnedToExactVersions(String module) {
        List<String> froms = instructions(module).stream().filter(i -> i.startsWith("FROM ")).toList();
        assertEquals(2, froms.size(), module + ": a build stage and a runtime stage");
        for (String from : froms) {
            String tag = tag(from.split("\\s+")[1]);
            assertTrue(EXACT_VERSION_TAG.matcher(tag).matches(), from);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-http", "app-worker"})
    void dockerignore_buildContext_leavesOutTargetAndGit(String module) {
        List<String> patterns = read(ROOT.resolve(module).resolve("Dockerfile.dockerignore")).lines()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(patterns.contains("**/target"), patterns.toString());
        assertTrue(patterns.contains(".git"), patterns.toString());
    }

    // ---- what the apps read, from their sources --------------------------------------------------------------

    /** Everything in app-http, plus what both processes share. */
    private static Set<String> httpNodeReads() {
        Set<String> names = new TreeSet<>(sharedReads());
        for (Path source : javaSources(ROOT.resolve("app-http/src/main/java"))) {
            names.addAll(variableLiterals(read(source)));
        }
        return names;
    }

    /** Everything in app-worker, plus what both processes share. */
    private static Set<String> workerReads() {
        Set<String> names = new TreeSet<>(sharedReads());
        for (Path source : javaSources(ROOT.resolve("app-worker/src/main/java"))) {
            names.addAll(variableLiterals(read(source)));
        }
        return names;
    }

    /** Both processes load the wiring module (Settings) and every adapter. */
    private static Set<String> sharedReads() {
        Set<String> names = new TreeSet<>();
        for (String module : modules()) {
            if (module.equals("wiring") || module.startsWith("adapters-")) {
                javaSources(ROOT.resolve(module).resolve("src/main/java"))
                        .forEach(source -> names.addAll(variableLiterals(read(source))));
            }
        }
        return names;
    }

    private static Set<String> variableLiterals(String source) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = VARIABLE_LITERAL.matcher(source);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static List<Path> javaSources(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parent pom's modules. */
    private static List<String> modules() {
        List<String> modules = new ArrayList<>();
        Matcher matcher = Pattern.compile("<module>([^<]+)</module>").matcher(read(ROOT.resolve("pom.xml")));
        while (matcher.find()) {
            modules.add(matcher.group(1).trim());
        }
        return modules;
    }

    // ---- the compose file -----------------------------------------------------------------------------------

    private JsonNode service(String name) {
        JsonNode service = services.get(name);
        assertNotNull(service, "no service " + name);
        return service;
    }

    /** A service's environment after interpolation with the defaults, as the containers would see it. */
    private Map<String, String> environment(String name) {
        JsonNode env = service(name).path("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env.isArray()) {
            for (JsonNode item : env) {
                String[] pair = item.asText().split("=", 2);
                assertEquals(2, pair.length, name + ": " + item.asText() + " passes the host's value through");
                result.put(pair[0], interpolate(pair[1]));
            }
        } else {
            env.properties().forEach(e -> {
                assertTrue(e.getValue().isValueNode() && !e.getValue().isNull(),
                        name + ": " + e.getKey() + " passes the host's value through");
                result.put(e.getKey(), interpolate(e.getValue().asText()));
            });
        }
        return result;
    }

    /** A healthcheck in the compose file, or one the service's Dockerfile declares and compose leaves on. */
    private boolean hasHealthcheck(String name) {
        JsonNode service = service(name);
        JsonNode healthcheck = service.path("healthcheck");
        if (healthcheck.path("disable").asBoolean(false)) {
            return false;
        }
        JsonNode test = healthcheck.path("test");
        if (test.isTextual() || test.size() > 0) {
            return !test.path(0).asText().equals("NONE");
        }
        String dockerfile = service.path("build").path("dockerfile").asText("");
        return !dockerfile.isEmpty() && instructions(dockerfile.replace("/Dockerfile", "")).stream()
                .anyMatch(i -> i.startsWith("HEALTHCHECK ") && i.contains(" CMD "));
    }

    /** Host ports as "port/protocol", from the short and the long syntax, after interpolation. */
    private static List<String> publishedPorts(JsonNode service) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
                if (port.has("published")) {
                    ports.add(interpolate(port.path("published").asText()) + "/" + port.path("protocol").asText("tcp"));
                }
                continue;
            }
            String spec = interpolate(port.asText());
            String protocol = spec.contains("/") ? spec.substring(spec.indexOf('/') + 1) : "tcp";
            String[] parts = spec.replaceFirst("/.*", "").split(":");
            if (parts.length >= 2) {
                String host = parts[parts.length - 2];
                assertTrue(host.matches("\\d+"), "a single host port, not '" + host + "'");
                ports.add(host + "/" + protocol);
            }
        }
        return ports;
    }

    private String nginxConfig() {
        return interpolate(compose.path("configs").path("nginx-conf").path("content").asText());
    }

    /** Compose's interpolation with nothing set in the environment: the defaults, and $$ for a $. */
    private static String interpolate(String value) {
        Matcher matcher = INTERPOLATION.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group().equals("$$") ? "$"
                    : matcher.group(2) == null ? "" : matcher.group(2);
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static String tag(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        assertTrue(colon > slash, image + " has no tag");
        return image.substring(colon + 1);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText().split("\\s+"));
        }
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asText()));
        return values;
    }

    // ---- YAML with anchors, aliases and merge keys, which Jackson's tree model leaves unresolved --------------

    private static JsonNode readYaml(Path file) {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), file.toString());
            return readNode(parser, new HashMap<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readNode(YAMLParser parser, Map<String, JsonNode> anchors) throws IOException {
        if (parser.isCurrentAlias()) {
            JsonNode target = anchors.get(parser.getText());
            assertNotNull(target, "unknown alias *" + parser.getText());
            return target.deepCopy();
        }
        String anchor = parser.getObjectId();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                List<JsonNode> merged = new ArrayList<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    JsonNode value = readNode(parser, anchors);
                    if (name.equals("<<")) {
                        if (value.isArray()) {
                            value.forEach(merged::add);
                        } else {
                            merged.add(value);
                        }
                    } else {
                        object.set(name, value);
                    }
                }
                for (JsonNode source : merged) {
                    for (Map.Entry<String, JsonNode> field : source.properties()) {
                        if (!object.has(field.getKey())) {
                            object.set(field.getKey(), field.getValue().deepCopy());
                        }
                    }
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readNode(parser, anchors));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(parser.getBooleanValue());
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new IllegalStateException("unexpected " + parser.currentToken());
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    // ---- the Dockerfiles ------------------------------------------------------------------------------------

    private static String jarPath(String module) {
        return module + "/target/" + module + ".jar";
    }

    /** The runtime stage's {@code COPY --from=build} of the jar: "source destination". */
    private static String copiedJar(String module) {
        List<String> copies = runtimeStage(module).stream()
                .filter(i -> i.startsWith("COPY --from=build ") && i.contains(".jar")).toList();
        assertEquals(1, copies.size(), module + ": " + copies);
        return copies.get(0).substring("COPY --from=build ".length()).trim();
    }

    /** An instruction's exec (JSON) form; Docker would run anything else through a shell. */
    private static List<String> execForm(String module, String keyword) {
        List<String> found = runtimeStage(module).stream().filter(i -> i.startsWith(keyword + " ")).toList();
        assertEquals(1, found.size(), module + ": " + keyword);
        String json = found.get(0).substring(found.get(0).indexOf('['));
        try {
            List<String> values = new ArrayList<>();
            JSON.readTree(json).forEach(v -> values.add(v.asText()));
            assertFalse(values.isEmpty(), json);
            return values;
        } catch (IOException e) {
            return fail(module + ": " + keyword + " is not valid JSON, so Docker would run it through a shell: "
                    + json);
        }
    }

    private static List<String> buildStage(String module) {
        List<String> all = instructions(module);
        int runtime = lastFrom(all);
        assertTrue(all.get(0).matches("FROM \\S+ AS build"), module + ": " + all.get(0));
        return all.subList(0, runtime);
    }

    private static List<String> runtimeStage(String module) {
        List<String> all = instructions(module);
        return all.subList(lastFrom(all), all.size());
    }

    private static int lastFrom(List<String> instructions) {
        int last = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        assertTrue(last > 0, "no runtime stage after the build stage");
        return last;
    }

    /** The Dockerfile's instructions, continuation lines joined, comments and blank lines dropped. */
    private static List<String> instructions(String module) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : read(ROOT.resolve(module).resolve("Dockerfile")).split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString().replaceAll("\\s+", " ").trim());
            current.setLength(0);
        }
        return instructions;
    }

    private static int indexOf(List<String> list, java.util.function.Predicate<String> predicate) {
        for (int i = 0; i < list.size(); i++) {
            if (predicate.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
