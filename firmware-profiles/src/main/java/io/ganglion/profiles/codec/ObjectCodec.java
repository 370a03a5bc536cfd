package io.ganglion.profiles.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON and CBOR objects whose fields are found by dot path ({@link CodecKind#JSON}, {@link CodecKind#CBOR}): one
 * class over Jackson's streaming parser and generator, with the format's factory.
 *
 * <p>Decode walks the tokens once, descending only into the objects and arrays on a declared path and skipping the
 * rest, so that diagnostics a device adds cost little and never fail a message. Numbers and booleans (1, 0) are
 * values; {@code null} at a declared path means the field is absent (devices write it for a failed sensor); strings,
 * objects and arrays there are wrong types; NaN and infinities are not finite.
 *
 * <p>Encode writes the nested objects back, integers as integers; an array stands where every key below a path is a
 * position ({@code values.0}), with {@code null} for positions no sample fills.
 */
final class ObjectCodec implements PayloadCodec {
    private final PayloadFormat format;
    private final String[] fields;
    private final Map<String, Integer> slots = new LinkedHashMap<>();
    private final PathTree.Node root;
    private final EpochUnit timeUnit;
    private final String timestampWhere;
    private final String declared;

    ObjectCodec(PayloadFormat format, CodecSpec spec) {
        this.format = format;
        this.fields = spec.fields().keySet().toArray(new String[0]);
        List<String> paths = new ArrayList<>();
        spec.fields().forEach((name, field) -> {
            slots.put(name, paths.size());
            paths.add(field.path());
        });
        String timestampPath = spec.timestamp() == null ? null : spec.timestamp().path();
        this.root = PathTree.compile(paths, timestampPath);
        this.timeUnit = spec.timestamp() == null ? null : spec.timestamp().unit();
        this.timestampWhere = timestampPath == null ? null : format + " path " + timestampPath;
        this.declared = String.join(", ", paths);
    }

    @Override
    public List<Sample> decode(byte[] payload) throws DecodeException {
        Found found = new Found(fields.length);
        try (JsonParser parser = format.factory().createParser(payload)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                readObject(parser, root, found);
            } else if (first == JsonToken.START_ARRAY && root.acceptsArray()) {
                readArray(parser, root, found);
            } else {
                throw malformed("expected " + container(root) + " at the top level, got " + format.describe(first));
            }
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw malformed("expected the end of the payload after the top-level value, got "
                        + format.describe(after));
            }
        } catch (StreamReadException e) {
            throw new DecodeException(RejectReason.MALFORMED, format.notValid(e), e);
        } catch (IOException e) {
            throw new DecodeException(RejectReason.MALFORMED, "unreadable " + format + " payload: " + e.getMessage(),
                    e);
        }
        if (found.count == 0) {
            throw new DecodeException(RejectReason.EMPTY, "none of the declared paths (" + declared + ") is in the "
                    + format + " payload");
        }
        List<Sample> samples = new ArrayList<>(found.count);
        for (int i = 0; i < found.count; i++) {
            samples.add(new Sample(fields[found.slots[i]], found.timestamp, found.values[i], null));
        }
        return samples;
    }

    private void readObject(JsonParser parser, PathTree.Node node, Found found) throws IOException, DecodeException {
        String key;
        while ((key = parser.nextFieldName()) != null) {
            JsonToken token = parser.nextToken();
            PathTree.Node child = node.child(key);
            if (child == null) {
                parser.skipChildren();
            } else {
                read(parser, token, child, found);
            }
        }
    }

    private void readArray(JsonParser parser, PathTree.Node node, Found found) throws IOException, DecodeException {
        JsonToken token;
        for (int position = 0; (token = parser.nextToken()) != JsonToken.END_ARRAY; position++) {
            PathTree.Node child = node.childAt(position);
            if (child == null) {
                parser.skipChildren();
            } else {
                read(parser, token, child, found);
            }
        }
    }

    private void read(JsonParser parser, JsonToken token, PathTree.Node node, Found found)
            throws IOException, DecodeException {
        if (token == JsonToken.VALUE_NULL) {
            return; // absent, whether a value or a whole object
        }
        if (node.target == PathTree.TIMESTAMP) {
            if (found.timed) {
                throw malformed(timestampWhere + " appears twice");
            }
            found.timestamp = readTime(parser, token);
            found.timed = true;
        } else if (node.isValue()) {
            found.add(node, readValue(parser, token, node));
        } else if (token == JsonToken.START_OBJECT) {
            readObject(parser, node, found);
        } else if (token == JsonToken.START_ARRAY && node.acceptsArray()) {
            readArray(parser, node, found);
        } else {
            throw new DecodeException(RejectReason.WRONG_TYPE, format + " path " + node.path + ": expected "
                    + container(node) + ", got " + format.describe(token));
        }
    }

    private double readValue(JsonParser parser, JsonToken token, PathTree.Node node)
            throws IOException, DecodeException {
        switch (token) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                double value = parser.getDoubleValue();
                if (!Double.isFinite(value)) {
                    throw new DecodeException(RejectReason.NOT_FINITE, format + " path " + node.path
                            + ": expected a finite number, got " + parser.getText());
                }
                return value;
            case VALUE_TRUE:
                return 1;
            case VALUE_FALSE:
                return 0;
            default:
                throw new DecodeException(RejectReason.WRONG_TYPE, format + " path " + node.path
                        + ": expected a number or a boolean, got " + format.describe(token));
        }
    }

    private long readTime(JsonParser parser, JsonToken token) throws IOException, DecodeException {
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return EpochTime.fromWhole(parser.getLongValue(), timeUnit, timestampWhere);
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return EpochTime.fromFraction(parser.getDoubleValue(), timeUnit, timestampWhere);
        }
        throw new DecodeException(RejectReason.WRONG_TYPE, timestampWhere + ": expected a number of "
                + timeUnit.describe() + ", got " + format.describe(token));
    }

    /** What may stand at an inner node: "an object", "a map", "an object or an array". */
    private String container(PathTree.Node node) {
        String object = format.describe(JsonToken.START_OBJECT);
        return node.acceptsArray() ? object + " or an array" : object;
    }

    private DecodeException malformed(String message) {
        return new DecodeException(RejectReason.MALFORMED, message);
    }

    /** What one decode found: the values in payload order, by slot, and the device time. */
    private final class Found {
        final int[] slots;
        final double[] values;
        int count;
        long timestamp = Sample.NO_TIME;
        boolean timed;

        Found(int fieldCount) {
            slots = new int[fieldCount];
            values = new double[fieldCount];
        }

        void add(PathTree.Node node, double value) throws DecodeException {
            for (int i = 0; i < count; i++) {
                if (slots[i] == node.target) {
                    throw malformed(format + " path " + node.path + " appears twice");
                }
            }
            slots[count] = node.target;
            values[count++] = value;
        }
    }

    @Override
    public byte[] encode(List<Sample> samples) throws EncodeException {
        EncodeChecks.notEmpty(samples);
        Written written = new Written(fields.length, timeUnit == null ? Sample.NO_TIME
                : EncodeChecks.commonTime(samples));
        for (Sample sample : samples) {
            int slot = EncodeChecks.slot(slots, sample);
            if (written.present[slot]) {
                throw new EncodeException("field '" + sample.field() + "' given twice; a " + format
                        + " object holds each field once");
            }
            written.present[slot] = true;
            written.values[slot] = sample.value();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 24 * samples.size());
        try (JsonGenerator generator = format.factory().createGenerator(out)) {
            writeContainer(generator, root, written);
        } catch (IOException e) {
            throw new EncodeException("could not write " + format + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private void writeContainer(JsonGenerator generator, PathTree.Node node, Written written) throws IOException {
        PathTree.Node[] children = node.children();
        if (node.writesArray()) {
            int size = 0;
            for (PathTree.Node child : children) {
                size = written.has(child) ? Math.max(size, child.index + 1) : size;
            }
            generator.writeStartArray(null, size);
            for (int position = 0; position < size; position++) {
                PathTree.Node child = node.childAt(position);
                if (child != null && written.has(child)) {
                    write(generator, child, written);
                } else {
                    generator.writeNull();
                }
            }
            generator.writeEndArray();
            return;
        }
        int size = 0;
        for (PathTree.Node child : children) {
            size += written.has(child) ? 1 : 0;
        }
        generator.writeStartObject(null, size);
        for (PathTree.Node child : children) {
            if (written.has(child)) {
                generator.writeFieldName(child.key);
                write(generator, child, written);
            }
        }
        generator.writeEndObject();
    }

    private void write(JsonGenerator generator, PathTree.Node node, Written written) throws IOException {
        if (node.target == PathTree.TIMESTAMP) {
            format.writeTime(generator, written.time, timeUnit);
        } else if (node.isValue()) {
            format.writeNumber(generator, written.values[node.target]);
        } else {
            writeContainer(generator, node, written);
        }
    }

    /** The samples of one encode by slot. */
    private static final class Written {
        final double[] values;
        final boolean[] present;
        final long time;

        Written(int fieldCount, long time) {
            values = new double[fieldCount];
            present = new boolean[fieldCount];
            this.time = time;
        }

        /** Whether anything is written at or below this node. */
        boolean has(PathTree.Node node) {
            if (node.target == PathTree.TIMESTAMP) {
                return time != Sample.NO_TIME;
            }
            if (node.isValue()) {
                return present[node.target];
            }
            for (PathTree.Node child : node.children()) {
                if (has(child)) {
                    return true;
                }
            }
            return false;
        }
    }
}
