package io.ganglion.cloud.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.cloud.wire.BatchCodec.Format;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchCodecTest {
    static final long T = 1_795_000_000_000L;

    static Batch sample() {
        return new Batch("gw-1", List.of(
                new SyncRecord(1, new Summary("bme-1", "temperature", "Cel", T, T + 60_000, 12, 20.5, 22.0, 255.0,
                        20.5, T + 1000, 21.0, T + 59_000)),
                new SyncRecord(2, new DetectionCount("cam-1", "car", "stop-line", T, T + 60_000, 300, 900, 6)),
                new SyncRecord(3, new StatusChange("bme-1", "offline", "2.1.0", T + 61_000)),
                new SyncRecord(7, new Alert("bme-1", "critical", "temperature_high", "above 60 Cel", T + 62_000))));
    }

    @ParameterizedTest
    @CsvSource({"JSON,false", "JSON,true", "CBOR,false", "CBOR,true"})
    void roundTrips(Format format, boolean gzip) throws Exception {
        byte[] body = BatchCodec.encode(sample(), format, gzip);
        assertThat(BatchCodec.decode(body, format, gzip, 1 << 20)).isEqualTo(sample());
    }

    @ParameterizedTest
    @CsvSource({"false", "true"})
    void an_assembled_body_is_what_encode_writes_and_decodes_to_the_same_batch(boolean gzip) throws Exception {
        Batch batch = new Batch("gw \"7\" \u00e9\u00df/\\", sample().records());
        List<byte[]> fragments = batch.records().stream().map(BatchCodec::encodeRecord).toList();
        byte[] assembled = BatchCodec.assembleJson(batch.gatewayId(), fragments, gzip);
        assertThat(BatchCodec.decode(assembled, Format.JSON, gzip, 1 << 20))
                .isEqualTo(BatchCodec.decode(BatchCodec.encode(batch, Format.JSON, gzip), Format.JSON, gzip, 1 << 20))
                .isEqualTo(batch);
        if (!gzip) {
            assertThat(assembled).as("byte for byte").isEqualTo(BatchCodec.encode(batch, Format.JSON, false));
        }
    }

    @Test
    void a_record_fragment_reads_back_and_a_broken_one_is_refused() throws Exception {
        for (SyncRecord record : sample().records()) {
            assertThat(BatchCodec.decodeRecord(BatchCodec.encodeRecord(record))).isEqualTo(record);
        }
        assertThatThrownBy(() -> BatchCodec.decodeRecord("{\"seq\":1,\"kind\":\"summary\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(BatchFormatException.class).hasMessageContaining("device");
        assertThatThrownBy(() -> BatchCodec.decodeRecord("{\"seq\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BatchFormatException.class);
    }

    @Test
    void jsonIsReadable() {
        String json = new String(BatchCodec.encode(sample(), Format.JSON, false), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"gateway\":\"gw-1\",\"records\":[{\"seq\":1,\"kind\":\"summary\","
                + "\"device\":\"bme-1\",\"metric\":\"temperature\"");
        assertThat(json).contains("\"kind\":\"detections\",\"device\":\"cam-1\",\"class\":\"car\"");
    }

    @Test
    void refusesMalformedBatchesNamingTheRecordAndField() {
        assertThatThrownBy(() -> decode("{\"gateway\":\"gw\",\"records\":[{\"seq\":1,\"kind\":\"status\","
                + "\"device\":\"d\",\"state\":\"online\"}]}"))
                .isInstanceOf(BatchFormatException.class).hasMessage("records[0].time: expected a whole number");
        assertThatThrownBy(() -> decode("{\"gateway\":\"gw\",\"records\":[{\"seq\":1,\"kind\":\"reading\","
                + "\"device\":\"d\"}]}"))
                .hasMessageStartingWith("records[0].kind: 'reading' is not a record kind");
        assertThatThrownBy(() -> decode("{\"gateway\":\"gw\",\"records\":[]}"))
                .hasMessage("a batch carries 1 to 10000 records, not 0");
        assertThatThrownBy(() -> decode("{\"gateway\":\"gw\",\"records\":[{\"seq\":1,\"kind\":\"status\","
                + "\"device\":\"d\",\"state\":\"on\",\"time\":5}]}"))
                .hasMessage("records[0]: time 5 is not a plausible UTC epoch millisecond");
        assertThatThrownBy(() -> decode("[1,2]")).hasMessage("the batch must be an object with gateway and records");
        assertThatThrownBy(() -> decode("{\"gateway\": ")).hasMessageStartingWith("not valid JSON");
    }

    @Test
    void duplicateSequenceNumbersInOneBatchAreRefused() {
        String record = "{\"seq\":4,\"kind\":\"status\",\"device\":\"d\",\"state\":\"online\",\"time\":" + T + "}";
        assertThatThrownBy(() -> decode("{\"gateway\":\"gw\",\"records\":[" + record + "," + record + "]}"))
                .hasMessage("seq 4 appears twice in the batch");
    }

    @Test
    void aGzipBombIsRefusedWithoutInflatingIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(new byte[50 * 1024 * 1024]);
        }
        assertThat(bytes.size()).isLessThan(100_000);
        assertThatThrownBy(() -> BatchCodec.decode(bytes.toByteArray(), Format.JSON, true, 1 << 20))
                .isInstanceOfSatisfying(BatchFormatException.class, e -> assertThat(e.tooLarge()).isTrue())
                .hasMessage("the batch inflates beyond the limit of 1048576 bytes");
    }

    @Test
    void contentTypes() {
        assertThat(Format.ofContentType("application/cbor")).isEqualTo(Format.CBOR);
        assertThat(Format.ofContentType("Application/JSON; charset=utf-8")).isEqualTo(Format.JSON);
        assertThat(Format.ofContentType("text/plain")).isNull();
    }

    private static Batch decode(String json) throws BatchFormatException {
        return BatchCodec.decode(json.getBytes(StandardCharsets.UTF_8), Format.JSON, false, 1 << 20);
    }
}
