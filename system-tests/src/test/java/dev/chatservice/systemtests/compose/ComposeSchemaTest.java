package dev.chatservice.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker-compose.yml is valid against the Compose Specification's own JSON schema, vendored under
 * src/test/resources/compose-spec with its source, so that a key Compose would reject fails here, where no
 * Docker engine runs.
 */
class ComposeSchemaTest {
    private static final String SCHEMA = "compose-spec/compose-spec.json";
    private static final String SCHEMA_NOTE = "compose-spec/README.md";
    /** The dialect the vendored schema declares; the validator knows draft 7 by its older http id only. */
    private static final String SCHEMA_DIALECT = "https://json-schema.org/draft-07/schema";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Schema COMPOSE_SCHEMA = loadSchema();

    /** As Compose validates it: anchors and merge keys resolved, variables interpolated with their defaults. */
    private final JsonNode composeFile = ComposeYaml.interpolateAll(ComposeYaml.read());

    @Test
    void schema_composeFile_isValid() {
        assertEquals(List.of(), messages(composeFile));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCopies")
    void schema_brokenCopy_isRejected(String breakage, Consumer<ObjectNode> breakIt) {
        ObjectNode copy = composeFile.deepCopy();
        breakIt.accept(copy);
        assertFalse(messages(copy).isEmpty(), "the schema accepted a compose file with " + breakage);
    }

    static Stream<Arguments> brokenCopies() {
        return Stream.of(
                Arguments.of("an unknown pull_policy", (Consumer<ObjectNode>) c ->
                        service(c, "http-2").put("pull_policy", "sometimes")),
                Arguments.of("an unknown service key", (Consumer<ObjectNode>) c ->
                        service(c, "nginx").put("restarts", "always")),
                Arguments.of("an unknown depends_on condition", (Consumer<ObjectNode>) c ->
                        ((ObjectNode) service(c, "http-1").path("depends_on").path("migrate"))
                                .put("condition", "service_done")),
                Arguments.of("a build section that is a number", (Consumer<ObjectNode>) c ->
                        service(c, "migrate").put("build", 42)),
                Arguments.of("an unknown top-level key", (Consumer<ObjectNode>) c ->
                        c.put("servces", "typo")));
    }

    @Test
    void schemaNote_vendoredFile_namesItsSourceCommitDateAndHash() {
        String note = resource(SCHEMA_NOTE);
        assertTrue(note.contains("https://github.com/compose-spec/compose-spec"), note);
        assertTrue(note.contains("`schema/compose-spec.json`"), note);
        assertTrue(Pattern.compile("`[0-9a-f]{40}`").matcher(note).find(), "no commit in " + SCHEMA_NOTE);
        assertTrue(Pattern.compile("\\d{4}-\\d{2}-\\d{2}").matcher(note).find(), "no date in " + SCHEMA_NOTE);
        Matcher hash = Pattern.compile("SHA-256 \\| `([0-9a-f]{64})`").matcher(note);
        assertTrue(hash.find(), "no SHA-256 in " + SCHEMA_NOTE);
        assertEquals(hash.group(1), sha256(resource(SCHEMA)), SCHEMA + " differs from the copy the note describes");
    }

    @Test
    void schema_vendoredFile_isTheComposeSpecification() {
        JsonNode schema = readJson(resource(SCHEMA));
        assertEquals("Compose Specification", schema.path("title").asText());
        assertEquals(SCHEMA_DIALECT, schema.path("$schema").asText());
        assertTrue(schema.path("definitions").path("service").path("properties").has("pull_policy"));
    }

    private static List<String> messages(JsonNode composeFile) {
        return COMPOSE_SCHEMA.validate(composeFile).stream().map(Error::toString).toList();
    }

    private static ObjectNode service(ObjectNode compose, String name) {
        JsonNode service = compose.path("services").get(name);
        assertNotNull(service, "no service " + name);
        return (ObjectNode) service;
    }

    private static Schema loadSchema() {
        // The schema names draft 7 by its https URL, which the validator maps to its own draft 7 (so it downloads
        // no meta-schema). "deprecated", a later draft's annotation that the schema puts on `version`, asserts
        // nothing: declared so, it is not logged as an unknown keyword.
        Dialect draft7 = Dialect.builder(Dialects.getDraft7()).keyword(new NonValidationKeyword("deprecated")).build();
        SchemaRegistry registry = SchemaRegistry.withDialect(draft7);
        // Loaded by its location, which gives the schema's relative $id ("compose_spec.json") a base to resolve on.
        return registry.getSchema(SchemaLocation.of("classpath:" + SCHEMA));
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ComposeSchemaTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name + " is not on the test classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
