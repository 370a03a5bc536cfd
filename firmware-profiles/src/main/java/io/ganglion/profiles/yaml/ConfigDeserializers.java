package io.ganglion.profiles.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The value syntaxes configuration files use beyond plain YAML: durations, byte sizes and paths. All of them are
 * registered here, once, so that every settings record gets them without annotations. Failures are reported as
 * Jackson format errors; {@link BindingErrors} turns them into messages from the target type.
 */
final class ConfigDeserializers {
    private ConfigDeserializers() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("ganglion-config");
        module.addDeserializer(Duration.class, new DurationDeserializer());
        module.addDeserializer(Path.class, new PathDeserializer());
        module.addDeserializer(Long.class, new IntegralDeserializer<>(Long.class));
        module.addDeserializer(Integer.class, new IntegralDeserializer<>(Integer.class));
        return module;
    }

    static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                // A bare number has no unit; guessing seconds or milliseconds is how outages start.
                return (Duration) context.handleUnexpectedToken(Duration.class, parser);
            }
            String text = parser.getText();
            try {
                return DurationSyntax.parse(text);
            } catch (IllegalArgumentException e) {
                return (Duration) context.handleWeirdStringValue(Duration.class, text, e.getMessage());
            }
        }
    }

    static final class PathDeserializer extends StdScalarDeserializer<Path> {
        private static final long serialVersionUID = 1L;

        PathDeserializer() {
            super(Path.class);
        }

        @Override
        public Path deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Path) context.handleUnexpectedToken(Path.class, parser);
            }
            String text = parser.getText();
            try {
                if (!text.isBlank()) {
                    return Path.of(text);
                }
            } catch (InvalidPathException e) {
                // reported below
            }
            return (Path) context.handleWeirdStringValue(Path.class, text, "expected a file path");
        }
    }

    /**
     * Integer and Long as Jackson reads them, except for keys ending in {@code Bytes}, which also take a size with a
     * unit. Deciding by the key name keeps the records free of annotations and the rule easy to document.
     */
    static final class IntegralDeserializer<T extends Number> extends StdScalarDeserializer<T>
            implements ContextualDeserializer {
        private static final long serialVersionUID = 1L;

        private final Class<T> type;

        IntegralDeserializer(Class<T> type) {
            super(type);
            this.type = type;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            if (property != null && property.getName().endsWith("Bytes")) {
                return new ByteSizeDeserializer<>(type);
            }
            return NumberDeserializers.find(type, type.getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return (T) NumberDeserializers.find(type, type.getName()).deserialize(parser, context);
        }
    }

    static final class ByteSizeDeserializer<T extends Number> extends StdScalarDeserializer<T> {
        private static final long serialVersionUID = 1L;

        private final Class<T> type;

        ByteSizeDeserializer(Class<T> type) {
            super(type);
            this.type = type;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            long bytes;
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                bytes = parser.getLongValue();
            } else if (parser.currentToken() == JsonToken.VALUE_STRING) {
                try {
                    bytes = ByteSizeSyntax.parse(parser.getText());
                } catch (IllegalArgumentException e) {
                    return (T) context.handleWeirdStringValue(type, parser.getText(), e.getMessage());
                }
            } else {
                return (T) context.handleUnexpectedToken(type, parser);
            }
            if (type == Integer.class) {
                if (bytes > Integer.MAX_VALUE || bytes < Integer.MIN_VALUE) {
                    return (T) context.handleWeirdNumberValue(type, bytes, "too large");
                }
                return (T) Integer.valueOf((int) bytes);
            }
            return (T) Long.valueOf(bytes);
        }
    }
}
