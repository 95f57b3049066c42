package dev.chatservice.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The spec as the tests read it: its operations, and real responses checked against them (OpenAPI 3.1 schemas). */
final class OpenApiContract {
    /** Where the schema validator loads the document from, so that its {@code $ref}s resolve in it. */
    static final String LOCATION = "classpath:openapi.yaml";
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** Headers the API itself sets; one of them in a response must be documented for that response. */
    private static final Set<String> API_HEADERS =
            Set.of("location", "idempotent-replayed", "retry-after", "www-authenticate", "x-request-id");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OpenApiContract instance;

    final JsonNode spec;
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi31());

    private OpenApiContract(JsonNode spec) {
        this.spec = spec;
    }

    static synchronized OpenApiContract load() {
        if (instance == null) {
            instance = new OpenApiContract(readYaml());
        }
        return instance;
    }

    static String yamlText() {
        try (InputStream in = resource()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readYaml() {
        try (InputStream in = resource()) {
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource() {
        InputStream in = OpenApiContract.class.getResourceAsStream(OpenApiHandlers.SPEC_RESOURCE);
        if (in == null) {
            throw new AssertionError(OpenApiHandlers.SPEC_RESOURCE + " is not on the classpath");
        }
        return in;
    }

    /** One documented operation: a lower-case method on a path template. */
    record Operation(String method, String template, String id, JsonNode node) {
        String pointer() {
            return "/paths/" + escape(template) + "/" + method;
        }

        String key() {
            return method.toUpperCase(Locale.ROOT) + " " + template;
        }
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) {
                operations.add(new Operation(op.getKey(), path.getKey(), op.getValue().path("operationId").asText(),
                        op.getValue()));
            }
        }));
        return operations;
    }

    Operation operation(String operationId) {
        return operations().stream().filter(o -> o.id().equals(operationId)).findFirst()
                .orElseThrow(() -> new AssertionError("no operation " + operationId));
    }

    /** The operation serving a concrete request path; a literal segment beats a {parameter}, as in the server. */
    Optional<Operation> find(String method, String path) {
        String bare = path.split("\\?", 2)[0];
        return operations().stream()
                .filter(o -> o.method().equalsIgnoreCase(method))
                .filter(o -> templatePattern(o.template()).matcher(bare).matches())
                .max(Comparator.comparingLong(o -> o.template().split("/").length
                        - o.template().chars().filter(c -> c == '{').count() * 100L));
    }

    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        // The server ignores trailing slashes.
        return Pattern.compile(regex + "/?");
    }

    /** Follows local {@code $ref}s; answers the JSON pointer of the node reached and the node. */
    Map.Entry<String, JsonNode> resolve(String pointer, JsonNode node) {
        String at = pointer;
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/") || hops > 10) {
                throw new AssertionError("unsupported $ref " + ref + " at " + at);
            }
            at = ref.substring(1);
            current = spec.at(at);
            if (current.isMissingNode()) {
                throw new AssertionError("dangling $ref " + ref);
            }
        }
        return Map.entry(at, current);
    }

    /** The problems with one value against the schema at a JSON pointer of the document; empty when valid. */
    List<String> schemaErrors(String schemaPointer, JsonNode value) {
        List<Error> errors = registry.getSchema(SchemaLocation.of(LOCATION + "#" + schemaPointer))
                .validate(value, ctx -> ctx.executionConfig(config -> config.formatAssertionsEnabled(true)));
        return errors.stream().map(Error::toString).toList();
    }

    /**
     * Checks a real response against the operation the request went to. Answers the operation's id; throws an
     * AssertionError naming every mismatch.
     */
    String check(String method, String path, Client.Response response) {
        String where = method + " " + path + " -> " + response.status();
        Operation operation = find(method, path)
                .orElseThrow(() -> new AssertionError(where + ": no documented operation"));
        List<String> problems = new ArrayList<>();
        String responsePointer = operation.pointer() + "/responses/" + response.status();
        JsonNode declared = spec.at(responsePointer);
        if (declared.isMissingNode()) {
            throw new AssertionError(where + ": status " + response.status() + " is not documented for "
                    + operation.id() + " (documented: " + fieldNames(operation.node().path("responses")) + ")\n"
                    + response.text());
        }
        Map.Entry<String, JsonNode> resolved = resolve(responsePointer, declared);
        String at = resolved.getKey();
        JsonNode definition = resolved.getValue();

        checkHeaders(response, at, definition, problems);

        JsonNode content = definition.path("content");
        String contentType = Optional.ofNullable(response.header("content-type")).orElse("");
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (content.isMissingNode() || content.isEmpty()) {
            if (!response.text().isEmpty()) {
                problems.add("documented without a body, but the body is: " + response.text());
            }
        } else if (!content.has(base)) {
            problems.add("content type '" + contentType + "' is not documented (" + fieldNames(content) + ")");
        } else {
            String schemaPointer = at + "/content/" + escape(base) + "/schema";
            JsonNode body;
            if (base.endsWith("json")) {
                try {
                    body = JSON.readTree(response.text());
                } catch (IOException e) {
                    body = null;
                    problems.add("the body is not JSON: " + response.text());
                }
            } else {
                body = TextNode.valueOf(response.text());
            }
            if (body != null) {
                schemaErrors(schemaPointer, body).forEach(e -> problems.add("body: " + e));
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(where + " (" + operation.id() + "):\n  " + String.join("\n  ", problems)
                    + "\n" + response.headers() + "\n" + response.text());
        }
        return operation.id();
    }

    private void checkHeaders(Client.Response response, String at, JsonNode definition, List<String> problems) {
        JsonNode headers = definition.path("headers");
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            Map.Entry<String, JsonNode> resolved = resolve(at + "/headers/" + escape(header.getKey()),
                    header.getValue());
            String value = response.header(header.getKey());
            if (value == null) {
                if (resolved.getValue().path("required").asBoolean(false)) {
                    problems.add("required header " + header.getKey() + " is missing");
                }
                continue;
            }
            String schemaPointer = resolved.getKey() + "/schema";
            JsonNode typed = "integer".equals(spec.at(schemaPointer).path("type").asText())
                    && value.matches("-?[0-9]{1,18}") ? JSON.getNodeFactory().numberNode(Long.parseLong(value))
                    : TextNode.valueOf(value);
            schemaErrors(schemaPointer, typed).forEach(e -> problems.add("header " + header.getKey() + ": " + e));
        }
        for (String name : API_HEADERS) {
            if (response.header(name) != null && !hasFieldIgnoringCase(headers, name)) {
                problems.add("header " + name + " is sent but not documented for this response");
            }
        }
    }

    private static boolean hasFieldIgnoringCase(JsonNode object, String name) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            if (names.next().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** RFC 6901 escaping of one pointer token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
