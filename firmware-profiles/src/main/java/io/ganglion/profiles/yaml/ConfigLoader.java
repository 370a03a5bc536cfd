package io.ganglion.profiles.yaml;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a YAML configuration file into a settings record (such as the gateway configuration or a firmware profile), with the syntax described in
 * docs/configuration.md: durations ({@code 5s}), byte sizes for keys ending in {@code Bytes} ({@code 64MiB}),
 * case-insensitive enum values and {@code ${ENV_VAR}} substitution in string values. Unknown keys, duplicate keys and
 * values of the wrong type are errors, never ignored or clamped.
 *
 * <p>A file is bounded before it is parsed, so that a hostile or broken one cannot exhaust memory or the stack:
 * at most {@link #MAX_CHARACTERS} characters and {@link #MAX_NESTING} levels of nested maps and lists; YAML aliases
 * (the "billion laughs" expansion) are refused outright. Each limit is a {@link ConfigException} that says so.
 *
 * <p>Records fill their own defaults and check their own ranges in their compact constructors; this class only adds
 * where in the file a rejected value was. Thread-safe: one instance may load any number of files.
 */
public final class ConfigLoader {
    /** The longest file accepted, in characters: 1 MiB, where a large gateway.yaml or profile is a few thousand. */
    public static final int MAX_CHARACTERS = 1 << 20;
    /** The deepest nesting of maps and lists accepted; the deepest key of any schema is about six levels down. */
    public static final int MAX_NESTING = 64;

    private final ObjectMapper mapper = createMapper();
    private final EnvironmentSubstitution environment;

    /** Substitutes {@code ${NAME}} from the process environment. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** @param environment looks up an environment variable by name, returning {@code null} when it is not set */
    public ConfigLoader(Function<String, String> environment) {
        this(new EnvironmentSubstitution(environment));
    }

    private ConfigLoader(EnvironmentSubstitution environment) {
        this.environment = environment;
    }

    /**
     * A loader that takes every string literally: <code>${NAME}</code> stays as written. For files that must mean
     * the same on every machine, such as firmware profiles, which are shared between sites and carry test payloads.
     */
    public static ConfigLoader withoutEnvironment() {
        return new ConfigLoader(EnvironmentSubstitution.NONE);
    }

    /**
     * Loads {@code file} as a {@code type}. An empty file gives the record with all defaults.
     *
     * @param file the YAML file; error messages name it as given here
     * @param type a settings record whose components are the file's top-level keys
     * @return the record, with defaults filled in and validated by its compact constructor
     * @throws ConfigException when the file is missing, unreadable, not YAML, or holds a key or value {@code type}
     *                         does not accept; the message names the file, line, key and what was expected
     */
    public <T> T load(Path file, Class<T> type) throws ConfigException {
        return loadFile(file, type).value();
    }

    /**
     * Like {@link #load(Path, Class)}, and keeps where each key was, for checks made after binding.
     */
    public <T> LoadedFile<T> loadFile(Path file, Class<T> type) throws ConfigException {
        Objects.requireNonNull(type, "type");
        return bind(YamlDocument.parse(read(file), file, mapper.getFactory(), environment), type);
    }

    /**
     * Loads YAML text that did not come from a file of its own, such as a classpath resource.
     *
     * @param text the YAML text
     * @param name what error messages call it, e.g. the resource name
     */
    public <T> LoadedFile<T> loadText(String text, Path name, Class<T> type) throws ConfigException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        return bind(YamlDocument.parse(text, name, mapper.getFactory(), environment), type);
    }

    private <T> LoadedFile<T> bind(YamlDocument document, Class<T> type) throws ConfigException {
        try {
            T value = mapper.treeToValue(document.root(), type);
            if (value == null) {
                // A document of just "~": nothing to bind, which no record accepts.
                throw new ConfigException(document.file(), null, 1,
                        "expected " + ConfigSchema.expectation(type, null) + ", got nothing");
            }
            return new LoadedFile<>(value, document);
        } catch (JsonMappingException e) {
            throw new BindingErrors(document, type).translate(e);
        } catch (JsonProcessingException e) {
            // Reading a tree raises no other kind; keep a positionless message rather than lose the failure.
            throw new ConfigException(document.file(), null, 0, "could not be read: " + e.getOriginalMessage());
        }
    }

    private static String read(Path file) throws ConfigException {
        Objects.requireNonNull(file, "file");
        try {
            // UTF-8 takes at most 4 bytes a character: a file beyond this is too long without reading it into memory.
            if (Files.isRegularFile(file) && Files.size(file) > 4L * MAX_CHARACTERS) {
                throw YamlDocument.tooLong(file, Files.size(file) + " bytes");
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, null, 0, "no such file (looked in "
                    + file.toAbsolutePath().normalize().getParent() + ")", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(file, null, 0, "cannot be read: permission denied", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, null, 0, "is not UTF-8 text", e);
        } catch (IOException e) {
            String reason = Files.isDirectory(file) ? "is a directory, not a file" : "cannot be read: " + e;
            throw new ConfigException(file, null, 0, reason, e);
        }
    }

    private static ObjectMapper createMapper() {
        LoaderOptions limits = new LoaderOptions();
        // Checked before parsing too (YamlDocument); this is SnakeYAML's own guard, one character beyond ours.
        limits.setCodePointLimit(MAX_CHARACTERS + 1);
        YAMLFactory yaml = YAMLFactory.builder()
                .loaderOptions(limits)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // "port:" with nothing after it means "the default", as an absent key does.
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                // Only true and false are switches; "no" as a string must not turn into "false" (YAML 1.1's trap).
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .build();
        ObjectMapper mapper = YAMLMapper.builder(yaml)
                .addModule(ConfigDeserializers.module())
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // 80.5 for a port is a mistake to report, not a value to truncate.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        // "" for a number, a switch or a section is a mistake; an absent or empty (null) value means the default.
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        // 1 for true is C, not configuration.
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // A "- " line with nothing after it is a half-written entry, not a device to skip.
        mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        return mapper;
    }
}
