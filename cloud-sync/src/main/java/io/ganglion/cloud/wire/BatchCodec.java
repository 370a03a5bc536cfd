package io.ganglion.cloud.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The batch wire format, shared by the gateway's uplink and the cloud endpoint: a JSON or CBOR object
 * {@code {"gateway": ..., "records": [{"seq": 1, "kind": "summary", ...fields of the payload}]}}, optionally
 * gzip-compressed ({@code Content-Encoding: gzip}). Field names are the payload records' component names
 * ({@code className} is {@code class}). Unknown fields are ignored, so a newer gateway can talk to an older cloud;
 * a missing or invalid field refuses the whole batch, naming the record and the field. Documented in docs/sync.md.
 */
public final class BatchCodec {
    /** The body's encoding, by its media type. */
    public enum Format {
        JSON("application/json"),
        CBOR("application/cbor");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        /** The format for a Content-Type header (parameters ignored), or null when it is neither. */
        public static Format ofContentType(String contentType) {
            if (contentType == null) {
                return null;
            }
            String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            for (Format format : values()) {
                if (format.mediaType.equals(type)) {
                    return format;
                }
            }
            return null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private BatchCodec() {
    }

    public static byte[] encode(Batch batch, Format format, boolean gzip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + batch.records().size() * 96);
        try (OutputStream out = gzip ? new GZIPOutputStream(bytes, 8192) : bytes;
             JsonGenerator g = factory(format).createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("gateway", batch.gatewayId());
            g.writeArrayFieldStart("records");
            for (SyncRecord record : batch.records()) {
                writeRecord(g, record);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * One record as a JSON fragment, {@code {"seq": 1, "kind": "summary", ...}}: exactly the bytes
     * {@link #encode} writes for it in a JSON batch, so that fragments encoded once (the gateway's outbox keeps its
     * records so) can be joined into a batch body by {@link #assembleJson} without decoding them again.
     */
    public static byte[] encodeRecord(SyncRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(320);
        try (JsonGenerator g = JSON.getFactory().createGenerator(bytes)) {
            writeRecord(g, record);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** A record fragment of {@link #encodeRecord} read back. */
    public static SyncRecord decodeRecord(byte[] fragment) throws BatchFormatException {
        JsonNode node;
        try {
            node = JSON.readTree(fragment);
        } catch (IOException e) {
            throw new BatchFormatException("not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (node == null) {
            throw new BatchFormatException("records[0]: expected an object", false);
        }
        return record(node, 0);
    }

    /**
     * A JSON batch body from record fragments of {@link #encodeRecord}, in their order, byte for byte what
     * {@link #encode} would write for the decoded records (then gzip-compressed if asked): the envelope is written
     * here, the fragments are copied. The caller vouches for the fragments (1 to {@link Batch#MAX_RECORDS} of them,
     * each seq once); they are not parsed.
     */
    public static byte[] assembleJson(String gatewayId, List<byte[]> fragments, boolean gzip) {
        try {
            byte[] head = envelopeHead(gatewayId);
            int size = head.length + ENVELOPE_TAIL.length + Math.max(0, fragments.size() - 1);
            for (byte[] f : fragments) {
                size += f.length;
            }
            // Joined first, then compressed in one go: a deflate call per small fragment costs more than the copy.
            byte[] plain = new byte[size];
            System.arraycopy(head, 0, plain, 0, head.length);
            int at = head.length;
            for (int i = 0; i < fragments.size(); i++) {
                if (i > 0) {
                    plain[at++] = ',';
                }
                byte[] f = fragments.get(i);
                System.arraycopy(f, 0, plain, at, f.length);
                at += f.length;
            }
            System.arraycopy(ENVELOPE_TAIL, 0, plain, at, ENVELOPE_TAIL.length);
            if (!gzip) {
                return plain;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(size / 6 + 64);
            try (OutputStream out = new GZIPOutputStream(bytes, 8192)) {
                out.write(plain);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory cannot fail", e);
        }
    }

    private static final byte[] ENVELOPE_TAIL = {']', '}'};

    /** {@code {"gateway":"<id>","records":[}, the gateway's id escaped as {@link #encode} escapes it. */
    private static byte[] envelopeHead(String gatewayId) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(32 + gatewayId.length());
        try (JsonGenerator g = JSON.getFactory().createGenerator(head)) {
            g.writeStartObject();
            g.writeStringField("gateway", gatewayId);
            g.writeArrayFieldStart("records");
            g.flush();
            return head.toByteArray();
        }
    }

    private static void writeRecord(JsonGenerator g, SyncRecord record) throws IOException {
        g.writeStartObject();
        g.writeNumberField("seq", record.seq());
        g.writeStringField("kind", record.payload().kind().wireName());
        writePayload(g, record.payload());
        g.writeEndObject();
    }

    private static JsonFactory factory(Format format) {
        return format == Format.CBOR ? CBOR.getFactory() : JSON.getFactory();
    }

    private static void writePayload(JsonGenerator g, Payload payload) throws IOException {
        g.writeStringField("device", payload.device());
        // Java 17: no pattern switch yet.
        if (payload instanceof Summary s) {
            g.writeStringField("metric", s.metric());
            g.writeStringField("unit", s.unit());
            g.writeNumberField("windowStart", s.windowStart());
            g.writeNumberField("windowEnd", s.windowEnd());
            g.writeNumberField("count", s.count());
            g.writeNumberField("min", s.min());
            g.writeNumberField("max", s.max());
            g.writeNumberField("sum", s.sum());
            g.writeNumberField("first", s.first());
            g.writeNumberField("firstTime", s.firstTime());
            g.writeNumberField("last", s.last());
            g.writeNumberField("lastTime", s.lastTime());
        } else if (payload instanceof DetectionCount d) {
            g.writeStringField("class", d.className());
            g.writeStringField("zone", d.zone());
            g.writeNumberField("windowStart", d.windowStart());
            g.writeNumberField("windowEnd", d.windowEnd());
            g.writeNumberField("frames", d.frames());
            g.writeNumberField("detections", d.detections());
            g.writeNumberField("peak", d.peak());
        } else if (payload instanceof StatusChange s) {
            g.writeStringField("state", s.state());
            g.writeStringField("firmware", s.firmware());
            g.writeNumberField("time", s.time());
        } else if (payload instanceof Alert a) {
            g.writeStringField("severity", a.severity());
            g.writeStringField("code", a.code());
            g.writeStringField("message", a.message());
            g.writeNumberField("time", a.time());
        }
    }

    /**
     * Decodes a batch body.
     *
     * @param gzip     the body is gzip-compressed (Content-Encoding: gzip)
     * @param maxBytes the largest body accepted after decompression: a gzip bomb is refused, not inflated
     */
    public static Batch decode(byte[] body, Format format, boolean gzip, int maxBytes) throws BatchFormatException {
        byte[] plain = gzip ? gunzip(body, maxBytes) : body;
        if (plain.length > maxBytes) {
            throw new BatchFormatException("the batch is " + plain.length + " bytes, over the limit of " + maxBytes,
                    true);
        }
        JsonNode root;
        try {
            root = (format == Format.CBOR ? CBOR : JSON).readTree(plain);
        } catch (IOException e) {
            throw new BatchFormatException("not valid " + format.name() + ": " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new BatchFormatException("the batch must be an object with gateway and records", false);
        }
        String gateway = text(root, "gateway", "the batch");
        JsonNode records = root.get("records");
        if (records == null || !records.isArray()) {
            throw new BatchFormatException("records: expected an array", false);
        }
        if (records.size() > Batch.MAX_RECORDS) {
            throw new BatchFormatException("records: " + records.size() + " records, over the limit of "
                    + Batch.MAX_RECORDS, true);
        }
        List<SyncRecord> decoded = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            decoded.add(record(records.get(i), i));
        }
        try {
            return new Batch(gateway, decoded);
        } catch (IllegalArgumentException e) {
            throw new BatchFormatException(e.getMessage(), false);
        }
    }

    private static SyncRecord record(JsonNode node, int index) throws BatchFormatException {
        String where = "records[" + index + "]";
        if (!node.isObject()) {
            throw new BatchFormatException(where + ": expected an object", false);
        }
        long seq = number(node, "seq", where);
        RecordKind kind;
        try {
            kind = RecordKind.fromWire(text(node, "kind", where));
        } catch (IllegalArgumentException e) {
            throw new BatchFormatException(where + ".kind: " + e.getMessage(), false);
        }
        String device = text(node, "device", where);
        try {
            Payload payload = switch (kind) {
                case SUMMARY -> new Summary(device, text(node, "metric", where), optionalText(node, "unit"),
                        number(node, "windowStart", where), number(node, "windowEnd", where),
                        number(node, "count", where), decimal(node, "min", where), decimal(node, "max", where),
                        decimal(node, "sum", where), decimal(node, "first", where), number(node, "firstTime", where),
                        decimal(node, "last", where), number(node, "lastTime", where));
                case DETECTIONS -> new DetectionCount(device, text(node, "class", where),
                        optionalText(node, "zone"), number(node, "windowStart", where),
                        number(node, "windowEnd", where), number(node, "frames", where),
                        number(node, "detections", where), number(node, "peak", where));
                case STATUS -> new StatusChange(device, text(node, "state", where), optionalText(node, "firmware"),
                        number(node, "time", where));
                case ALERT -> new Alert(device, text(node, "severity", where), text(node, "code", where),
                        optionalText(node, "message"), number(node, "time", where));
            };
            return new SyncRecord(seq, payload);
        } catch (IllegalArgumentException e) {
            throw new BatchFormatException(where + ": " + e.getMessage(), false);
        }
    }

    private static String text(JsonNode node, String field, String where) throws BatchFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new BatchFormatException(where + "." + field + ": expected a string", false);
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? "" : value.asText();
    }

    private static long number(JsonNode node, String field, String where) throws BatchFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BatchFormatException(where + "." + field + ": expected a whole number", false);
        }
        return value.asLong();
    }

    private static double decimal(JsonNode node, String field, String where) throws BatchFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new BatchFormatException(where + "." + field + ": expected a number", false);
        }
        return value.asDouble();
    }

    private static byte[] gunzip(byte[] body, int maxBytes) throws BatchFormatException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] plain = in.readNBytes(maxBytes + 1);
            if (plain.length > maxBytes) {
                throw new BatchFormatException("the batch inflates beyond the limit of " + maxBytes + " bytes",
                        true);
            }
            return plain;
        } catch (IOException e) {
            throw new BatchFormatException("not valid gzip: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
