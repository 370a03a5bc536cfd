package io.ganglion.profiles.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.ganglion.profiles.JmhDefaults;
import io.ganglion.profiles.JsonTelemetryProfile;
import io.ganglion.profiles.Reading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Decode and encode of one typical device message per codec, each compared in the same run with the raw component
 * beneath it: Jackson's streaming parser doing nothing but walk the tokens of the same bytes, and the existing
 * {@link JsonTelemetryProfile}. Payloads carry a timestamp and five metrics (the SenML pack: five records).
 *
 * <p>Targets: JSON decode well under 5 us, binary decode under 1 us, on a 2-core gateway.
 */
public class CodecBenchmark extends JmhDefaults {
    static final String JSON = "{\"ts\":1732700000000,\"temperature\":21.53,\"humidity\":48.2,\"pressure\":101325,"
            + "\"battery\":3.61,\"rssi\":-71}";
    static final String SENML_JSON = "[{\"bn\":\"urn:dev:ow:10e2073a01080063:\",\"bt\":1732700000,"
            + "\"n\":\"temperature\",\"u\":\"Cel\",\"v\":21.53},{\"n\":\"humidity\",\"u\":\"%RH\",\"v\":48.2},"
            + "{\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325},{\"n\":\"battery\",\"u\":\"V\",\"v\":3.61},"
            + "{\"n\":\"rssi\",\"u\":\"dBW\",\"v\":-71}]";
    /** Timestamp uint32 s, temperature int16 x0.01, humidity uint16 x0.1, pressure uint32, battery uint8, rssi int8. */
    static final String BINARY = "6746e760" + "0869" + "01e2" + "00018bcd" + "a1" + "b9" + "0000";

    private static final String[] METRICS = {"temperature", "humidity", "pressure", "battery", "rssi"};
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();

    private byte[] json;
    private byte[] cbor;
    private byte[] senmlJson;
    private byte[] senmlCbor;
    private byte[] binary;
    private PayloadCodec jsonCodec;
    private PayloadCodec cborCodec;
    private PayloadCodec senmlJsonCodec;
    private PayloadCodec senmlCborCodec;
    private PayloadCodec binaryCodec;
    private List<Sample> jsonSamples;
    private List<Sample> senmlSamples;
    private List<Sample> binarySamples;
    private JsonTelemetryProfile profile;

    @Setup
    public void setUp() throws Exception {
        json = JSON.getBytes(StandardCharsets.UTF_8);
        cbor = new ObjectMapper(CBOR_FACTORY).writeValueAsBytes(new ObjectMapper().readValue(json, Map.class));
        senmlJson = SENML_JSON.getBytes(StandardCharsets.UTF_8);
        senmlCbor = senmlToCbor(new ObjectMapper().readTree(senmlJson));
        binary = HexFormat.of().parseHex(BINARY);

        TimestampSpec ts = TimestampSpec.atPath("ts", EpochUnit.MS);
        jsonCodec = Codecs.create(new CodecSpec(CodecKind.JSON, null, null, ts, pathFields()));
        cborCodec = Codecs.create(new CodecSpec(CodecKind.CBOR, null, null, ts, pathFields()));
        senmlJsonCodec = Codecs.create(new CodecSpec(CodecKind.SENML_JSON, null, null, null, namedFields()));
        senmlCborCodec = Codecs.create(new CodecSpec(CodecKind.SENML_CBOR, null, null, null, namedFields()));
        binaryCodec = Codecs.create(new CodecSpec(CodecKind.BINARY, CodecSpec.ByteOrder.BIG, 16,
                TimestampSpec.binary(0, FieldType.UINT32, EpochUnit.S), Map.of(
                        "temperature", FieldSpec.binary(4, FieldType.INT16).scaled(0.01, 0),
                        "humidity", FieldSpec.binary(6, FieldType.UINT16).scaled(0.1, 0),
                        "pressure", FieldSpec.binary(8, FieldType.UINT32),
                        "battery", FieldSpec.binary(12, FieldType.UINT8).scaled(0.01, 2),
                        "rssi", FieldSpec.binary(13, FieldType.INT8))));
        profile = JsonTelemetryProfile.builtIn();

        jsonSamples = jsonCodec.decode(json);
        senmlSamples = senmlJsonCodec.decode(senmlJson);
        binarySamples = binaryCodec.decode(binary);
        check(cborCodec.decode(cbor).equals(jsonSamples), "CBOR and JSON payloads decode alike");
        check(senmlCborCodec.decode(senmlCbor).equals(senmlSamples), "SenML CBOR and JSON packs decode alike");
        check(jsonSamples.size() == 5 && senmlSamples.size() == 5 && binarySamples.size() == 5, "five samples each");
    }

    private static Map<String, FieldSpec> pathFields() {
        Map<String, FieldSpec> fields = new java.util.LinkedHashMap<>();
        for (String metric : METRICS) {
            fields.put(metric, FieldSpec.atPath(metric));
        }
        return fields;
    }

    private static Map<String, FieldSpec> namedFields() {
        Map<String, FieldSpec> fields = new java.util.LinkedHashMap<>();
        for (String metric : METRICS) {
            fields.put(metric, FieldSpec.named(metric));
        }
        return fields;
    }

    /** The same pack with RFC 8428's CBOR labels (bn -2, bt -3, n 0, u 1, v 2). */
    private static byte[] senmlToCbor(JsonNode pack) throws IOException {
        Map<String, Integer> labels = Map.of("bn", -2, "bt", -3, "n", 0, "u", 1, "v", 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = CBOR_FACTORY.createGenerator(out)) {
            generator.writeStartArray(null, pack.size());
            for (JsonNode record : pack) {
                generator.writeStartObject(null, record.size());
                for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    generator.writeFieldId(labels.get(field.getKey()));
                    if (field.getValue().isTextual()) {
                        generator.writeString(field.getValue().asText());
                    } else {
                        generator.writeNumber(field.getValue().doubleValue());
                    }
                }
                generator.writeEndObject();
            }
            generator.writeEndArray();
        }
        return out.toByteArray();
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark payloads are wrong: expected " + what);
        }
    }

    @Benchmark
    public int jacksonJsonTokensRaw() throws IOException {
        return countTokens(JSON_FACTORY, json);
    }

    @Benchmark
    public List<Reading> jsonTelemetryProfileDecode() throws Exception {
        return profile.decodeTelemetry("dev-1", json, 1_732_700_000_500L);
    }

    @Benchmark
    public List<Sample> jsonDecode() throws Exception {
        return jsonCodec.decode(json);
    }

    @Benchmark
    public byte[] jsonEncode() throws Exception {
        return jsonCodec.encode(jsonSamples);
    }

    @Benchmark
    public int jacksonCborTokensRaw() throws IOException {
        return countTokens(CBOR_FACTORY, cbor);
    }

    @Benchmark
    public List<Sample> cborDecode() throws Exception {
        return cborCodec.decode(cbor);
    }

    @Benchmark
    public byte[] cborEncode() throws Exception {
        return cborCodec.encode(jsonSamples);
    }

    @Benchmark
    public int jacksonSenmlJsonTokensRaw() throws IOException {
        return countTokens(JSON_FACTORY, senmlJson);
    }

    @Benchmark
    public List<Sample> senmlJsonDecode() throws Exception {
        return senmlJsonCodec.decode(senmlJson);
    }

    @Benchmark
    public byte[] senmlJsonEncode() throws Exception {
        return senmlJsonCodec.encode(senmlSamples);
    }

    @Benchmark
    public int jacksonSenmlCborTokensRaw() throws IOException {
        return countTokens(CBOR_FACTORY, senmlCbor);
    }

    @Benchmark
    public List<Sample> senmlCborDecode() throws Exception {
        return senmlCborCodec.decode(senmlCbor);
    }

    @Benchmark
    public byte[] senmlCborEncode() throws Exception {
        return senmlCborCodec.encode(senmlSamples);
    }

    @Benchmark
    public List<Sample> binaryDecode() throws Exception {
        return binaryCodec.decode(binary);
    }

    @Benchmark
    public byte[] binaryEncode() throws Exception {
        return binaryCodec.encode(binarySamples);
    }

    /** The floor under a streaming decode: the parser visiting every token and nothing else. */
    private static int countTokens(JsonFactory factory, byte[] payload) throws IOException {
        int tokens = 0;
        try (JsonParser parser = factory.createParser(payload)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                tokens++;
            }
        }
        return tokens;
    }
}
