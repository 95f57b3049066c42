package dev.chatservice.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The services of docker-compose.yml, with the look-ups the compose tests share. */
final class Compose {
    final JsonNode root = ComposeYaml.read();
    final JsonNode services = root.path("services");

    JsonNode service(String name) {
        JsonNode service = services.get(name);
        assertNotNull(service, "no service " + name);
        return service;
    }

    /** A service's environment after interpolation with the defaults, as the containers would see it. */
    Map<String, String> environment(String name) {
        return environment(name, Map.of());
    }

    /** A service's environment after interpolation with {@code variables} set in the shell or .env file. */
    Map<String, String> environment(String name, Map<String, String> variables) {
        JsonNode env = service(name).path("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env.isArray()) {
            for (JsonNode item : env) {
                String[] pair = item.asText().split("=", 2);
                assertEquals(2, pair.length, name + ": " + item.asText() + " passes the host's value through");
                result.put(pair[0], ComposeYaml.interpolate(pair[1], variables));
            }
        } else {
            env.properties().forEach(e -> {
                assertTrue(e.getValue().isValueNode() && !e.getValue().isNull(),
                        name + ": " + e.getKey() + " passes the host's value through");
                result.put(e.getKey(), ComposeYaml.interpolate(e.getValue().asText(), variables));
            });
        }
        return result;
    }

    /** The image of each service that has one: service name to image. */
    Map<String, String> images() {
        Map<String, String> images = new LinkedHashMap<>();
        services.properties().forEach(e -> {
            if (e.getValue().has("image")) {
                images.put(e.getKey(), e.getValue().path("image").asText());
            }
        });
        return images;
    }

    /** The services with a {@code build} section that produce {@code image}. */
    List<String> buildersOf(String image) {
        List<String> builders = new ArrayList<>();
        images().forEach((service, built) -> {
            if (built.equals(image) && service(service).has("build")) {
                builders.add(service);
            }
        });
        return builders;
    }

    /** The module whose Dockerfile builds a service's image, its own build or that of its image's builder. */
    Optional<String> dockerfileModule(String name) {
        JsonNode service = service(name);
        JsonNode build = service.path("build");
        if (build.isMissingNode() && service.has("image")) {
            List<String> builders = buildersOf(service.path("image").asText());
            build = builders.size() == 1 ? service(builders.get(0)).path("build") : build;
        }
        String dockerfile = build.path("dockerfile").asText("");
        return dockerfile.endsWith("/Dockerfile")
                ? Optional.of(dockerfile.substring(0, dockerfile.length() - "/Dockerfile".length()))
                : Optional.empty();
    }

    /** A healthcheck in the compose file, or one the service's Dockerfile declares and compose leaves on. */
    boolean hasHealthcheck(String name) {
        JsonNode healthcheck = service(name).path("healthcheck");
        if (healthcheck.path("disable").asBoolean(false)) {
            return false;
        }
        JsonNode test = healthcheck.path("test");
        if (test.isTextual() || test.size() > 0) {
            return !test.path(0).asText().equals("NONE");
        }
        return dockerfileModule(name).map(module -> Dockerfiles.instructions(module).stream()
                .anyMatch(i -> i.startsWith("HEALTHCHECK ") && i.contains(" CMD "))).orElse(false);
    }

    /** Host ports as "port/protocol", from the short and the long syntax, after interpolation. */
    static List<String> publishedPorts(JsonNode service) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
                if (port.has("published")) {
                    ports.add(ComposeYaml.interpolate(port.path("published").asText()) + "/"
                            + port.path("protocol").asText("tcp"));
                }
                continue;
            }
            String spec = ComposeYaml.interpolate(port.asText());
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

    static String tag(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        assertTrue(colon > slash, image + " has no tag");
        return image.substring(colon + 1);
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText().split("\\s+"));
        }
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asText()));
        return values;
    }
}
