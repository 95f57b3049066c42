package dev.chatservice.systemtests.compose;

import static dev.chatservice.systemtests.compose.Compose.fieldNames;
import static dev.chatservice.systemtests.compose.Compose.publishedPorts;
import static dev.chatservice.systemtests.compose.Compose.strings;
import static dev.chatservice.systemtests.compose.Compose.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docker-compose.yml runs the stack the way the sources and scripts/stack expect: its services, their order,
 * ports, volumes and the load balancer. ComposeImagesTest covers the images, ComposeEnvironmentTest the
 * variables, ComposeSchemaTest the Compose schema.
 */
class ComposeFileTest {
    private static final Pattern EXACT_VERSION_TAG = Pattern.compile("\\d+\\.\\d+\\.\\d+[\\w.-]*");
    private static final Set<String> BACKING_SERVICES = Set.of("mysql", "redis", "rabbitmq", "elasticsearch");
    private static final Set<String> HTTP_NODES = Set.of("http-1", "http-2");
    private static final String ONE_SHOT = "migrate";

    private final Compose compose = new Compose();

    @Test
    void services_composeFile_areTheWholeStack() {
        assertEquals(Set.of("mysql", "redis", "rabbitmq", "elasticsearch", "migrate", "http-1", "http-2",
                "worker-1", "worker-2", "nginx"), fieldNames(compose.services));
    }

    @Test
    void composeFile_topLevel_hasNoObsoleteVersionKey() {
        assertFalse(compose.root.has("version"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "redis", "rabbitmq", "elasticsearch", "http-1", "http-2", "worker-1",
            "worker-2", "nginx"})
    void healthcheck_longRunningService_isDefined(String name) {
        assertTrue(compose.hasHealthcheck(name), name + " has no healthcheck, in the compose file or its Dockerfile");
    }

    @Test
    void migrate_oneShot_runsTheMigrateCommandOnceWithoutHealthcheck() {
        JsonNode migrate = compose.service(ONE_SHOT);
        assertEquals(List.of("migrate"), strings(migrate.path("command")));
        assertEquals("no", migrate.path("restart").asText());
        assertTrue(migrate.path("healthcheck").path("disable").asBoolean(), "a one-shot serves no health port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "redis", "rabbitmq", "elasticsearch", "nginx"})
    void image_externalService_isPinnedToAnExactVersion(String name) {
        JsonNode service = compose.service(name);
        assertFalse(service.has("build"), name);
        String tag = tag(service.path("image").asText());
        assertTrue(EXACT_VERSION_TAG.matcher(tag).matches(), name + " has tag '" + tag + "'");
    }

    @Test
    void ports_hostPorts_doNotClash() {
        Map<String, String> owners = new HashMap<>();
        compose.services.properties().forEach(entry -> {
            for (String port : publishedPorts(entry.getValue())) {
                String previous = owners.put(port, entry.getKey());
                assertNull(previous, "host port " + port + " is published by " + previous + " and "
                        + entry.getKey());
            }
        });
    }

    @Test
    void ports_loadBalancer_publishesTheApiOnHostPort8080() {
        assertEquals(List.of("8080/tcp"), publishedPorts(compose.service("nginx")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2", "worker-1", "worker-2", "migrate"})
    void ports_appService_publishesNothing(String name) {
        assertEquals(List.of(), publishedPorts(compose.service(name)), name + " is reached through nginx only");
    }

    @Test
    void dependsOn_everyDependency_waitsForHealthOrCompletion() {
        compose.services.properties().forEach(entry -> {
            JsonNode dependsOn = entry.getValue().path("depends_on");
            assertFalse(dependsOn.isArray(), entry.getKey() + ": the short syntax waits for nothing");
            dependsOn.properties().forEach(dependency -> {
                String target = dependency.getKey();
                String expected = target.equals(ONE_SHOT) ? "service_completed_successfully" : "service_healthy";
                assertEquals(expected, dependency.getValue().path("condition").asText(),
                        entry.getKey() + " -> " + target);
                assertTrue(target.equals(ONE_SHOT) || compose.hasHealthcheck(target), target + " has no healthcheck");
            });
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http-1", "http-2", "worker-1", "worker-2"})
    void dependsOn_appService_waitsForTheBackingServicesAndMigrate(String name) {
        Set<String> expected = new TreeSet<>(BACKING_SERVICES);
        expected.add(ONE_SHOT);
        assertEquals(expected, fieldNames(compose.service(name).path("depends_on")));
    }

    @Test
    void dependsOn_migrate_waitsForMysqlOnly() {
        assertEquals(Set.of("mysql"), fieldNames(compose.service(ONE_SHOT).path("depends_on")));
    }

    @Test
    void dependsOn_loadBalancer_waitsForBothHttpNodes() {
        assertEquals(HTTP_NODES, fieldNames(compose.service("nginx").path("depends_on")));
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
                .map(node -> node + ":" + compose.environment(node).get("CHAT_HTTP_PORT"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, servers);
        assertFalse(upstream.group(2).matches("(?s).*\\b(least_conn|ip_hash|hash|random|least_time)\\b.*"),
                "round robin is nginx's default: no other balancing method");
        assertTrue(config.contains("proxy_pass http://" + upstream.group(1) + ";"), config);
    }

    @Test
    void loadBalancer_configMount_replacesTheDefaultServer() {
        JsonNode mount = compose.service("nginx").path("configs").path(0);
        assertEquals("nginx-conf", mount.path("source").asText());
        assertEquals("/etc/nginx/conf.d/default.conf", mount.path("target").asText());
    }

    @Test
    void loadBalancer_config_escapesNginxVariablesFromComposeInterpolation() {
        String raw = compose.root.path("configs").path("nginx-conf").path("content").asText();
        assertFalse(raw.replace("$$", "").contains("$"), "Compose substitutes a single $: write nginx's as $$");
    }

    @ParameterizedTest
    @CsvSource({"mysql, /var/lib/mysql", "redis, /data", "rabbitmq, /var/lib/rabbitmq",
            "elasticsearch, /usr/share/elasticsearch/data"})
    void volumes_statefulService_keepsItsDataOnANamedVolume(String name, String dataDirectory) {
        boolean found = false;
        for (JsonNode volume : compose.service(name).path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(dataDirectory)) {
                assertTrue(compose.root.path("volumes").has(parts[0]), parts[0] + " is not a named volume");
                found = true;
            }
        }
        assertTrue(found, name + " keeps " + dataDirectory + " on no volume");
    }

    @Test
    void redis_command_appendsToAnAofFsyncedEverySecond() {
        String command = String.join(" ", strings(compose.service("redis").path("command")));
        assertTrue(command.contains("--appendonly yes"), command);
        assertTrue(command.contains("--appendfsync everysec"), command);
    }

    @Test
    void elasticsearch_environment_runsOneNodeWithoutSecurityOnAFixedHeap() {
        JsonNode env = compose.service("elasticsearch").path("environment");
        assertEquals("single-node", env.path("discovery.type").asText());
        assertEquals("false", env.path("xpack.security.enabled").asText());
        assertEquals("-Xms512m -Xmx512m", env.path("ES_JAVA_OPTS").asText());
    }

    private String nginxConfig() {
        return ComposeYaml.interpolate(compose.root.path("configs").path("nginx-conf").path("content").asText());
    }
}
