package io.ganglion.profiles.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.JacksonYAMLParseException;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration file parsed into a tree with environment variables expanded, plus, for every key and list entry,
 * the line it starts on. Binding works on the tree, which has no positions; this index gives them back to error
 * messages. Duplicate keys are an error here, because YAML would otherwise silently keep the last one.
 */
final class YamlDocument {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path file;
    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final Map<String, JsonNode> nodes;
    private final Map<String, List<String>> fromEnvironment;

    private YamlDocument(Path file, JsonNode root, Reader reader) {
        this.file = file;
        this.root = root;
        this.lines = reader.lines;
        this.nodes = reader.nodes;
        this.fromEnvironment = reader.fromEnvironment;
    }

    /** Parses {@code text}; an empty document, or one of comments only, is an empty map. */
    static YamlDocument parse(String text, Path file, JsonFactory yaml, EnvironmentSubstitution environment)
            throws ConfigException {
        if (text.length() > ConfigLoader.MAX_CHARACTERS) {
            throw tooLong(file, text.length() + " characters");
        }
        Reader reader = new Reader(file, environment);
        try (JsonParser parser = yaml.createParser(text)) {
            if (parser.nextToken() == null) {
                return new YamlDocument(file, NODES.objectNode(), reader);
            }
            JsonNode root = reader.value(parser, KeyPath.ROOT);
            if (parser.nextToken() != null) {
                throw new ConfigException(file, null, lineOf(parser.currentTokenLocation()),
                        "a second YAML document starts here; a configuration file holds one (remove the '---' above)");
            }
            return new YamlDocument(file, root, reader);
        } catch (StreamReadException e) {
            throw YamlSyntax.toConfigException(file, e);
        } catch (StreamConstraintsException e) {
            throw new ConfigException(file, null, lineOf(e.getLocation()), "nests maps and lists more than "
                    + ConfigLoader.MAX_NESTING + " levels deep; a configuration needs a handful", e);
        } catch (IOException e) {
            // Parsing a String does no I/O, so this is a parser failure without a position.
            throw new ConfigException(file, null, 0, "is not valid YAML: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    static ConfigException tooLong(Path file, String size) {
        return new ConfigException(file, null, 0, "is too long (" + size + "); a configuration file may hold at most "
                + ConfigLoader.MAX_CHARACTERS + " characters");
    }

    /** The whole document; a map for any sensible file, but binding reports it when it is not. */
    JsonNode root() {
        return root;
    }

    /** The line of {@code key}, else of its nearest enclosing key in the file (absent keys have none); 0 if none. */
    int lineOf(String key) {
        for (String path = key; path != null; path = KeyPath.parent(path)) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    /** The value at {@code key} after expansion, or {@code null} when the key is absent. */
    JsonNode nodeAt(String key) {
        return nodes.get(key);
    }

    /** The environment variables the value at {@code key} was built from; empty if it was written out in the file. */
    List<String> variablesAt(String key) {
        return fromEnvironment.getOrDefault(key, List.of());
    }

    private static int lineOf(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    /** Builds the tree token by token, recording where each key starts. */
    private static final class Reader {
        private final Path file;
        private final EnvironmentSubstitution environment;
        private final Map<String, Integer> lines = new HashMap<>();
        private final Map<String, JsonNode> nodes = new HashMap<>();
        private final Map<String, List<String>> fromEnvironment = new HashMap<>();

        Reader(Path file, EnvironmentSubstitution environment) {
            this.file = file;
            this.environment = environment;
        }

        JsonNode value(JsonParser parser, String path) throws IOException, ConfigException {
            int line = lineOf(parser.currentTokenLocation());
            lines.putIfAbsent(path, line);
            if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                // Jackson hands an alias over as the anchor's name, which would bind as a wrong but valid string.
                throw new ConfigException(file, path, line, "YAML aliases (*" + parser.getText()
                        + ") are not supported; write the value out");
            }
            JsonNode node = scalarOrContainer(parser, path, line);
            nodes.put(path, node);
            return node;
        }

        private JsonNode scalarOrContainer(JsonParser parser, String path, int line)
                throws IOException, ConfigException {
            switch (parser.currentToken()) {
                case START_OBJECT:
                    return object(parser, path);
                case START_ARRAY:
                    return array(parser, path);
                case VALUE_STRING:
                    return text(parser.getText(), path, line);
                case VALUE_NUMBER_INT:
                    return integral(parser);
                case VALUE_NUMBER_FLOAT:
                    return NODES.numberNode(parser.getDoubleValue());
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return NODES.booleanNode(parser.getBooleanValue());
                case VALUE_NULL:
                    return NODES.nullNode();
                default:
                    // e.g. a !!binary scalar: no key takes one; keep it as text so binding reports the type.
                    return NODES.textNode(parser.getText());
            }
        }

        private JsonNode text(String raw, String path, int line) throws ConfigException {
            EnvironmentSubstitution.Expanded expanded = environment.expand(raw, file, path, line);
            if (!expanded.variables().isEmpty()) {
                fromEnvironment.put(path, expanded.variables());
            }
            return NODES.textNode(expanded.text());
        }

        private static JsonNode integral(JsonParser parser) throws IOException {
            switch (parser.getNumberType()) {
                case INT:
                    return NODES.numberNode(parser.getIntValue());
                case LONG:
                    return NODES.numberNode(parser.getLongValue());
                default:
                    return NODES.numberNode(parser.getBigIntegerValue());
            }
        }

        private ObjectNode object(JsonParser parser, String path) throws IOException, ConfigException {
            ObjectNode node = NODES.objectNode();
            while (nextInObject(parser, node, path) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int line = lineOf(parser.currentTokenLocation());
                if (name.isEmpty()) {
                    // No key takes an empty name, and its path would be its parent's. Found by fuzzing: `"": 1`, or
                    // an anchor written where a key was meant (`&abstract: true`), reached the binding errors as the
                    // root and failed there with a NullPointerException.
                    throw new ConfigException(file, path, line,
                            "a key with an empty name; write the key's name before the ':'");
                }
                String key = KeyPath.child(path, name);
                if (node.has(name)) {
                    throw duplicate(key, line);
                }
                lines.put(key, line);
                parser.nextToken();
                node.set(name, value(parser, key));
            }
            return node;
        }

        /**
         * Jackson's strict duplicate detection throws while reading the repeated key; report it like our own check,
         * which also names the line of the first occurrence.
         */
        private JsonToken nextInObject(JsonParser parser, ObjectNode node, String path)
                throws IOException, ConfigException {
            try {
                return parser.nextToken();
            } catch (StreamReadException e) {
                String name = parser.getParsingContext().getCurrentName();
                // A YAML syntax error can also surface here, right after a key: only Jackson's own check is ours.
                if (!(e instanceof JacksonYAMLParseException) && name != null && node.has(name)) {
                    throw duplicate(KeyPath.child(path, name), lineOf(e.getLocation()));
                }
                throw e;
            }
        }

        private ArrayNode array(JsonParser parser, String path) throws IOException, ConfigException {
            ArrayNode node = NODES.arrayNode();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                node.add(value(parser, KeyPath.element(path, index++)));
            }
            return node;
        }

        private ConfigException duplicate(String key, int line) {
            return new ConfigException(file, key, line,
                    "duplicate key (first given on line " + lines.get(key) + "); give each key once");
        }
    }
}
