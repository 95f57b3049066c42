package dev.chatservice.systemtests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker-compose.yml as Compose reads it: anchors, aliases and merge keys resolved, variables interpolated. */
final class ComposeYaml {
    /** The tests run in the module directory, system-tests. */
    static final Path ROOT = Path.of("..");
    static final Path FILE = ROOT.resolve("docker-compose.yml");

    /** $$, ${NAME}, ${NAME:-default} (default when unset or empty) and ${NAME-default} (default when unset). */
    private static final Pattern INTERPOLATION =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}");

    private ComposeYaml() {}

    /** The file as YAML, anchors and merge keys resolved, nothing interpolated yet. */
    static JsonNode read() {
        return read(FILE);
    }

    static JsonNode read(Path file) {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), file.toString());
            return readNode(parser, new HashMap<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compose's interpolation with nothing set in the environment: the defaults, and $$ for a $. */
    static String interpolate(String value) {
        return interpolate(value, Map.of());
    }

    /** Compose's interpolation with {@code variables} as the shell's or the .env file's. */
    static String interpolate(String value, Map<String, String> variables) {
        Matcher matcher = INTERPOLATION.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String set = variables.get(matcher.group(1));
                String fallback = matcher.group(3) == null ? "" : matcher.group(3);
                boolean useDefault = set == null || (set.isEmpty() && ":-".equals(matcher.group(2)));
                replacement = useDefault ? fallback : set;
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** A copy of {@code node} with every string interpolated with the defaults, as Compose validates it. */
    static JsonNode interpolateAll(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(interpolate(node.asText()));
        }
        JsonNode copy = node.deepCopy();
        if (copy instanceof ObjectNode object) {
            node.properties().forEach(field -> object.set(field.getKey(), interpolateAll(field.getValue())));
        } else if (copy instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, interpolateAll(node.get(i)));
            }
        }
        return copy;
    }

    // Jackson's tree model leaves YAML anchors, aliases and merge keys unresolved, so the parser's events are
    // folded into a tree here, the way Compose's YAML library resolves them.
    private static JsonNode readNode(YAMLParser parser, Map<String, JsonNode> anchors) throws IOException {
        if (parser.isCurrentAlias()) {
            JsonNode target = anchors.get(parser.getText());
            assertNotNull(target, "unknown alias *" + parser.getText());
            return target.deepCopy();
        }
        String anchor = parser.getObjectId();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> readObject(parser, anchors);
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readNode(parser, anchors));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> nodes.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(parser.getBooleanValue());
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new IllegalStateException("unexpected " + parser.currentToken());
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    /** A mapping; the keys merged in with {@code <<} yield to the mapping's own. */
    private static ObjectNode readObject(YAMLParser parser, Map<String, JsonNode> anchors) throws IOException {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
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
        return object;
    }
}
