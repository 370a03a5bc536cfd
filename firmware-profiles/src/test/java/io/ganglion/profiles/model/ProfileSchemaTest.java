package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.ganglion.profiles.yaml.ConfigSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/profile.schema.json against the records, which are the truth: the schema names exactly the keys the loader
 * accepts, and the library's files are valid against it.
 */
class ProfileSchemaTest {
    private static final Path SCHEMA = Path.of("..", "docs", "profile.schema.json");

    private static JsonNode schema() throws IOException {
        return new ObjectMapper().readTree(SCHEMA.toFile());
    }

    @Test
    void the_schema_names_exactly_the_keys_of_the_records() throws IOException {
        JsonNode schema = schema();
        Set<String> fromSchema = new TreeSet<>();
        walk(schema, schema, "", fromSchema);

        assertThat(fromSchema).containsExactlyInAnyOrderElementsOf(new TreeSet<>(
                ConfigSchema.allKeys(ProfileDocument.class)));
    }

    @Test
    void every_library_profile_is_valid_against_the_schema() throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema());
        YAMLMapper yaml = new YAMLMapper();
        List<String> files = new ArrayList<>();
        try (Stream<Path> library = Files.list(Path.of("profiles"))) {
            for (Path file : (Iterable<Path>) library.filter(f -> f.toString().endsWith(".yaml")).sorted()::iterator) {
                Set<ValidationMessage> messages = schema.validate(yaml.readTree(file.toFile()));
                assertThat(messages).as(file.toString()).isEmpty();
                files.add(file.getFileName().toString());
            }
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void the_schema_refuses_what_the_loader_refuses() throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema());
        YAMLMapper yaml = new YAMLMapper();

        assertThat(schema.validate(yaml.readTree("id: x\nvendro: Acme\nabstract: true\n"))).isNotEmpty();
        assertThat(schema.validate(yaml.readTree("id: x\nvendor: Acme\n"))).as("neither concrete nor abstract")
                .isNotEmpty();
        assertThat(schema.validate(yaml.readTree("id: x\nextends: y\ntransports: {mqtt: {telemetry: a/+/b}}\n")))
                .isNotEmpty();
    }

    /**
     * The keys a schema allows, spelt as {@link ConfigSchema#allKeys} spells them: {@code metrics.*.unit},
     * {@code tests[].expect}. Values written in one piece (ranges, expected readings) have no keys below them.
     */
    private static void walk(JsonNode root, JsonNode node, String prefix, Set<String> keys) {
        JsonNode resolved = resolve(root, node);
        resolved.path("properties").fields().forEachRemaining(property -> {
            String key = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
            keys.add(key);
            walk(root, property.getValue(), key, keys);
        });
        JsonNode additional = resolved.path("additionalProperties");
        if (additional.isObject()) {
            JsonNode entry = resolve(root, additional);
            for (JsonNode choice : entry.has("anyOf") ? entry.get("anyOf") : List.of(entry)) {
                walk(root, choice, prefix + ".*", keys);
            }
        }
        JsonNode items = resolved.path("items");
        if (items.isObject() && resolve(root, items).has("properties")) {
            walk(root, items, prefix + "[]", keys);
        }
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : root.at(ref.asText().substring(1));
    }
}
