package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written openapi.yaml is a valid OpenAPI 3.1 document whose parts agree with each other. */
class OpenApiSpecTest {
    private static final OpenApiContract CONTRACT = OpenApiContract.load();

    @Test
    void openApiYaml_parsedBySwaggerParser_hasNoMessages() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(OpenApiContract.yamlText(), null, options);
        assertEquals(List.of(), result.getMessages());
        assertNotNull(result.getOpenAPI());
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
        assertEquals(CONTRACT.operations().size(), result.getOpenAPI().getPaths().values().stream()
                .mapToInt(path -> path.readOperations().size()).sum());
    }

    @Test
    void operations_each_haveUniqueIdSummaryAndTag() {
        Set<String> ids = new HashSet<>();
        for (OpenApiContract.Operation operation : CONTRACT.operations()) {
            assertTrue(operation.id().matches("[a-z][A-Za-z]+"), operation.key() + ": operationId");
            assertTrue(ids.add(operation.id()), "duplicate operationId " + operation.id());
            assertTrue(operation.node().path("summary").isTextual(), operation.key() + ": summary");
            assertEquals(1, operation.node().path("tags").size(), operation.key() + ": tags");
        }
    }

    @Test
    void pathTemplates_everyToken_isDeclaredAsRequiredPathParameter() {
        Pattern token = Pattern.compile("\\{([^}]+)}");
        CONTRACT.spec.path("paths").properties().forEach(path -> {
            Set<String> inTemplate = new HashSet<>();
            Matcher matcher = token.matcher(path.getKey());
            while (matcher.find()) {
                inTemplate.add(matcher.group(1));
            }
            for (OpenApiContract.Operation operation : CONTRACT.operations()) {
                if (!operation.template().equals(path.getKey())) {
                    continue;
                }
                Set<String> declared = new HashSet<>();
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(parameters::add);
                operation.node().path("parameters").forEach(parameters::add);
                for (JsonNode parameter : parameters) {
                    JsonNode resolved = CONTRACT.resolve("", parameter).getValue();
                    if ("path".equals(resolved.path("in").asText())) {
                        assertTrue(resolved.path("required").asBoolean(), operation.key() + ": required");
                        declared.add(resolved.path("name").asText());
                    }
                }
                assertEquals(inTemplate, declared, operation.key());
            }
        });
    }

    @Test
    void errorResponses_each_areProblemJsonWithTheProblemSchema() {
        for (OpenApiContract.Operation operation : CONTRACT.operations()) {
            operation.node().path("responses").properties().forEach(response -> {
                int status = Integer.parseInt(response.getKey());
                if (status < 400 || operation.id().equals("getReadiness")) {
                    return;
                }
                String where = operation.key() + " " + status;
                Map.Entry<String, JsonNode> resolved = CONTRACT.resolve("", response.getValue());
                JsonNode content = resolved.getValue().path("content");
                assertEquals(List.of("application/problem+json"), OpenApiContract.fieldNames(content), where);
                JsonNode schema = content.path("application/problem+json").path("schema");
                assertEquals("#/components/schemas/Problem", schema.path("allOf").path(0).path("$ref").asText(),
                        where);
                assertEquals(status, schema.path("allOf").path(1).path("properties").path("status")
                        .path("const").asInt(), where);
                assertTrue(resolved.getValue().path("headers").has("X-Request-Id"), where);
            });
        }
    }

    @Test
    void examples_everyOne_validatesAgainstItsSchema() {
        List<String> failures = new ArrayList<>();
        int[] checked = {0};
        walk("", CONTRACT.spec, (pointer, node) -> {
            JsonNode schema = node.path("schema");
            if (schema.isMissingNode()) {
                return;
            }
            String schemaPointer = pointer + "/schema";
            if (node.has("example")) {
                checked[0]++;
                CONTRACT.schemaErrors(schemaPointer, node.get("example"))
                        .forEach(e -> failures.add(pointer + "/example: " + e));
            }
            node.path("examples").properties().forEach(example -> {
                checked[0]++;
                JsonNode value = CONTRACT.resolve(pointer, example.getValue()).getValue().path("value");
                CONTRACT.schemaErrors(schemaPointer, value)
                        .forEach(e -> failures.add(pointer + "/examples/" + example.getKey() + ": " + e));
            });
        });
        assertEquals(List.of(), failures);
        assertTrue(checked[0] > 40, "only " + checked[0] + " examples found");
    }

    /** Visits every object node that may carry a schema with examples: media types, parameters and headers. */
    private static void walk(String pointer, JsonNode node, java.util.function.BiConsumer<String, JsonNode> visit) {
        if (!node.isObject()) {
            return;
        }
        if (node.has("schema") && !pointer.contains("/schemas/")) {
            visit.accept(pointer, node);
        }
        node.properties().forEach(field ->
                walk(pointer + "/" + OpenApiContract.escape(field.getKey()), field.getValue(), visit));
    }

    @Test
    void responseHeaders_createsAndUnavailability_areDocumented() {
        for (String id : List.of("createChat", "createMessage")) {
            JsonNode headers = CONTRACT.operation(id).node().path("responses").path("202").path("headers");
            assertTrue(headers.has("Location") && headers.has("Idempotent-Replayed"), id);
        }
        JsonNode created = CONTRACT.operation("createApplication").node().path("responses").path("201");
        assertTrue(created.path("headers").has("Location"));
        JsonNode unavailable = CONTRACT.spec.at("/components/responses/ServiceUnavailable/headers");
        assertTrue(unavailable.has("Retry-After"));
        JsonNode readyz = CONTRACT.operation("getReadiness").node().path("responses").path("503").path("headers");
        assertTrue(readyz.has("Retry-After"));
    }
}
