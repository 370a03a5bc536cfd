package io.ganglion.profiles.codec;

import static io.ganglion.profiles.codec.FieldSpec.named;
import static io.ganglion.profiles.codec.Payloads.assertRejected;
import static io.ganglion.profiles.codec.Payloads.hex;
import static io.ganglion.profiles.codec.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.ganglion.profiles.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenmlCodecTest {
    private static final long NOW = 1_732_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final String DEVICE = "urn:dev:ow:10e2073a01080063";

    /** RFC 8428 section 5.1.2, second example: voltage and current at 1276020076.001 s and the 5 s before. */
    private static final String RFC_MULTIPLE_DATAPOINTS_WITH_TIME = """
            [
              {"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,
               "bu":"A","bver":5,
               "n":"voltage","u":"V","v":120.1},
              {"n":"current","t":-5,"v":1.2},
              {"n":"current","t":-4,"v":1.3},
              {"n":"current","t":-3,"v":1.4},
              {"n":"current","t":-2,"v":1.5},
              {"n":"current","t":-1,"v":1.6},
              {"n":"current","v":1.7}
            ]
            """;

    private static PayloadCodec codec(CodecKind kind, Object... namesAndSpecs) {
        return Codecs.create(Specs.senml(kind, namesAndSpecs), CLOCK);
    }

    @Test
    void rfc_8428_single_datapoint() throws Exception {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "temperature", named(DEVICE));

        assertThat(codec.decode(utf8("[{\"n\":\"urn:dev:ow:10e2073a01080063\",\"u\":\"Cel\",\"v\":23.1}]")))
                .containsExactly(new Sample("temperature", Sample.NO_TIME, 23.1, "Cel"));
    }

    @Test
    void rfc_8428_multiple_datapoints_match_by_resolved_name_or_by_their_own_name() throws Exception {
        PayloadCodec codec = codec(CodecKind.SENML_JSON,
                "voltage", named("voltage"),
                "current", named(DEVICE + ":current"));

        assertThat(codec.decode(utf8("""
                [
                  {"bn":"urn:dev:ow:10e2073a01080063:","n":"voltage","u":"V","v":120.1},
                  {"n":"current","u":"A","v":1.2}
                ]
                """))).containsExactly(
                new Sample("voltage", Sample.NO_TIME, 120.1, "V"),
                new Sample("current", Sample.NO_TIME, 1.2, "A"));
    }

    @Test
    void rfc_8428_base_time_and_base_unit_apply_to_every_later_record() throws Exception {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "voltage", named("voltage"), "current", named("current"));

        assertThat(codec.decode(utf8(RFC_MULTIPLE_DATAPOINTS_WITH_TIME))).containsExactly(
                new Sample("voltage", 1_276_020_076_001L, 120.1, "V"),
                new Sample("current", 1_276_020_071_001L, 1.2, "A"),
                new Sample("current", 1_276_020_072_001L, 1.3, "A"),
                new Sample("current", 1_276_020_073_001L, 1.4, "A"),
                new Sample("current", 1_276_020_074_001L, 1.5, "A"),
                new Sample("current", 1_276_020_075_001L, 1.6, "A"),
                new Sample("current", 1_276_020_076_001L, 1.7, "A"));
    }

    @Test
    void rfc_8428_multiple_measurements_resolve_to_the_rfcs_resolved_records() throws Exception {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "position", named(DEVICE));
        String unresolved = """
                [
                  {"bn":"urn:dev:ow:10e2073a01080063","bt":1.320067464e+09,"bu":"%RH","v":20},
                  {"u":"lon","v":24.30621},
                  {"u":"lat","v":60.07965},
                  {"t":60,"v":20.3},
                  {"u":"lon","t":60,"v":24.30622},
                  {"u":"lat","t":60,"v":60.07965},
                  {"t":120,"v":20.7},
                  {"u":"lon","t":120,"v":24.30623},
                  {"u":"lat","t":120,"v":60.07966},
                  {"u":"%EL","t":150,"v":98},
                  {"t":180,"v":21.2},
                  {"u":"lon","t":180,"v":24.30628},
                  {"u":"lat","t":180,"v":60.07967}
                ]
                """;
        String resolved = """
                [
                  {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067464e+09,"v":20},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067464e+09,"v":24.30621},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067464e+09,"v":60.07965},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067524e+09,"v":20.3},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067524e+09,"v":24.30622},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067524e+09,"v":60.07965},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067584e+09,"v":20.7},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067584e+09,"v":24.30623},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067584e+09,"v":60.07966},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"%EL","t":1.320067614e+09,"v":98},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067644e+09,"v":21.2},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067644e+09,"v":24.30628},
                  {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067644e+09,"v":60.07967}
                ]
                """;

        List<Sample> samples = codec.decode(utf8(unresolved));

        assertThat(samples).hasSize(13).containsExactlyElementsOf(codec.decode(utf8(resolved)));
        assertThat(samples.get(9)).isEqualTo(new Sample("position", 1_320_067_614_000L, 98, "%EL"));
    }

    @Test
    void rfc_8428_cbor_example_decodes_like_its_json_form() throws Exception {
        PayloadCodec cbor = codec(CodecKind.SENML_CBOR, "voltage", named("voltage"), "current", named("current"));
        PayloadCodec json = codec(CodecKind.SENML_JSON, "voltage", named("voltage"), "current", named("current"));
        byte[] bytes = hex("""
                87                                  # array of 7 records
                a7                                  # map, 7 pairs
                  21 781b 75726e3a6465763a6f773a                   # -2 bn: "urn:dev:ow:
                          313065323037336130313038303036 3a        #   10e2073a0108006:"
                  22 fb 41d303a15b001062                           # -3 bt: 1276020076.001
                  23 61 41                                         # -4 bu: "A"
                  20 05                                            # -1 bver: 5
                  00 67 766f6c74616765                             #  0 n: "voltage"
                  01 61 56                                         #  1 u: "V"
                  02 fb 405e066666666666                           #  2 v: 120.1
                a3 00 67 63757272656e74 06 24 02 fb 3ff3333333333333   # current, t -5, v 1.2
                a3 00 67 63757272656e74 06 23 02 fb 3ff4cccccccccccd   # current, t -4, v 1.3
                a3 00 67 63757272656e74 06 22 02 fb 3ff6666666666666   # current, t -3, v 1.4
                a3 00 67 63757272656e74 06 21 02 f9 3e00               # current, t -2, v 1.5 (half float)
                a3 00 67 63757272656e74 06 20 02 fb 3ff999999999999a   # current, t -1, v 1.6
                a3 00 67 63757272656e74 06 00 02 fb 3ffb333333333333   # current, t 0, v 1.7
                """);

        assertThat(bytes).hasSize(195);
        assertThat(cbor.decode(bytes)).hasSize(7)
                .containsExactlyElementsOf(json.decode(utf8(RFC_MULTIPLE_DATAPOINTS_WITH_TIME)));
    }

    @Test
    void base_value_and_base_sum_are_added_to_their_records() throws Exception {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "temperature", named("t"), "energy", named("e"));

        assertThat(codec.decode(utf8("""
                [{"bn":"dev1/","bv":20,"bs":1000,"n":"t","v":1.5},
                 {"n":"t","v":-0.5},
                 {"n":"e","s":42}]
                """))).containsExactly(Sample.of("temperature", 21.5), Sample.of("temperature", 19.5),
                Sample.of("energy", 1042));
    }

    @Test
    void times_under_2_to_the_28_are_relative_to_the_clock_and_no_time_is_the_receive_time() throws Exception {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "temperature", named("t"));

        assertThat(codec.decode(utf8("""
                [{"n":"t","t":-60,"v":1},
                 {"n":"t","t":-0.5,"v":2},
                 {"n":"t","v":3},
                 {"bt":-10,"n":"t","t":5,"v":4},
                 {"bt":0,"n":"t","t":1.732700001e9,"v":5}]
                """))).containsExactly(
                new Sample("temperature", NOW - 60_000, 1, null),
                new Sample("temperature", NOW - 500, 2, null),
                new Sample("temperature", Sample.NO_TIME, 3, null),
                new Sample("temperature", NOW - 5_000, 4, null),
                new Sample("temperature", NOW + 1_000, 5, null));
    }

    @Test
    void boolean_values_are_one_and_zero_and_unit_comes_from_u_or_else_bu() throws Exception {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "door_open", named("door"), "level", named("level"));

        assertThat(codec.decode(utf8("""
                [{"bu":"%","n":"door","vb":true},{"n":"door","vb":false,"u":"/"},{"n":"level","v":40}]
                """))).containsExactly(new Sample("door_open", Sample.NO_TIME, 1, "%"),
                new Sample("door_open", Sample.NO_TIME, 0, "/"), new Sample("level", Sample.NO_TIME, 40, "%"));
    }

    @Test
    void string_and_data_values_are_wrong_types_only_for_declared_fields() throws Exception {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "temperature", named("temp"));

        assertThat(codec.decode(utf8("[{\"n\":\"fw\",\"vs\":\"2.1\"},{\"n\":\"raw\",\"vd\":\"AQI\"},"
                + "{\"n\":\"temp\",\"v\":20}]"))).containsExactly(Sample.of("temperature", 20));
        assertRejected(codec, utf8("[{\"bn\":\"dev:\",\"n\":\"temp\",\"vs\":\"20\"}]"), RejectReason.WRONG_TYPE)
                .hasMessage("SenML record [0] 'dev:temp': expected a number (v) or a boolean (vb), got a string"
                        + " value (vs)");
        assertRejected(codec, utf8("[{\"n\":\"temp\",\"vd\":\"AQI\"}]"), RejectReason.WRONG_TYPE)
                .hasMessageEndingWith("got a data value (vd)");
        assertRejected(codec, utf8("[{\"n\":\"x\"},{\"n\":\"temp\",\"v\":\"20\"}]"), RejectReason.WRONG_TYPE)
                .hasMessage("SenML record [1] 'temp': expected a number (v) or a boolean (vb), got a string in v");
    }

    @Test
    void nan_and_infinite_values_and_times_are_not_finite() {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "temperature", named("temp"));

        assertRejected(codec, utf8("[{\"n\":\"temp\",\"v\":NaN}]"), RejectReason.NOT_FINITE)
                .hasMessage("SenML record [0] 'temp': expected a finite value, got NaN");
        assertRejected(codec, utf8("[{\"bv\":1e308,\"n\":\"temp\",\"v\":1e308}]"), RejectReason.NOT_FINITE);
        assertRejected(codec, utf8("[{\"n\":\"temp\",\"t\":Infinity,\"v\":1}]"), RejectReason.NOT_FINITE)
                .hasMessage("SenML record [0] 'temp' time (bt + t): expected a finite number of epoch seconds,"
                        + " got Infinity");
    }

    @Test
    void packs_that_break_senml_rules_are_malformed() {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "temperature", named("temp"));

        assertRejected(codec, utf8("{\"n\":\"temp\",\"v\":1}"), RejectReason.MALFORMED)
                .hasMessage("expected a SenML pack (an array of records) at the top level, got an object");
        assertRejected(codec, utf8("[{\"n\":\"temp\",\"v\":1}, 5]"), RejectReason.MALFORMED)
                .hasMessage("SenML record [1]: expected an object, got a number");
        assertRejected(codec, utf8("[{\"bn\":5,\"n\":\"temp\",\"v\":1}]"), RejectReason.MALFORMED)
                .hasMessage("SenML record [0]: expected a string in bn, got a number");
        assertRejected(codec, utf8("[{\"n\":\"temp\",\"v\":1,\"v\":2}]"), RejectReason.MALFORMED)
                .hasMessage("SenML record [0]: expected v once, got it twice");
        assertRejected(codec, utf8("[{\"n\":\"temp\",\"v\":1,\"vb\":true}]"), RejectReason.MALFORMED)
                .hasMessage("SenML record [0]: expected at most one of v, vs, vb and vd, got two");
        assertRejected(codec, utf8("[{\"n\":\"temp\",\"v\":1,\"calib_\":2}]"), RejectReason.MALFORMED)
                .hasMessage("SenML record [0]: expected only fields this gateway understands, got the"
                        + " must-understand field 'calib_' (RFC 8428 section 4.4)");
        assertRejected(codec, utf8("[{\"n\":\"temp\",\"v\":1}"), RejectReason.MALFORMED)
                .hasMessageStartingWith("not valid JSON at line 1, column ");
    }

    @Test
    void a_pack_without_a_declared_name_is_empty() {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "temperature", named("temp"), "humidity", named("hum"));

        assertRejected(codec, utf8("[{\"n\":\"pressure\",\"v\":1},{\"n\":\"temp\"}]"), RejectReason.EMPTY)
                .hasMessage("none of the 2 SenML records has a value named temp, hum");
        assertRejected(codec, utf8("[]"), RejectReason.EMPTY);
    }

    @Test
    void encodes_one_record_per_sample_with_absolute_times_in_seconds() throws Exception {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "temperature", named("temp"), "humidity", named("hum"));
        List<Sample> samples = List.of(
                new Sample("temperature", NOW + 500, 21.5, "Cel"),
                new Sample("temperature", NOW, 21.25, "Cel"),
                Sample.of("humidity", 48));

        byte[] payload = codec.encode(samples);

        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("[{\"n\":\"temp\",\"u\":\"Cel\","
                + "\"t\":1.7327000005E9,\"v\":21.5},{\"n\":\"temp\",\"u\":\"Cel\",\"t\":1732700000,\"v\":21.25},"
                + "{\"n\":\"hum\",\"v\":48}]");
        assertThat(codec.decode(payload)).containsExactlyElementsOf(samples);
    }

    @Test
    void encodes_cbor_with_the_integer_labels() throws Exception {
        PayloadCodec codec = codec(CodecKind.SENML_CBOR, "temperature", named("temp"));
        List<Sample> samples = List.of(new Sample("temperature", NOW, 21.5, "Cel"));

        byte[] payload = codec.encode(samples);

        assertThat(Payloads.hex(payload)).isEqualTo(Payloads.hex(hex("""
                81                        # array, 1 record
                a4                        # map, 4 pairs
                  00 64 74656d70          # 0 n: "temp"
                  01 63 43656c            # 1 u: "Cel"
                  06 1a 6746e760          # 6 t: 1732700000
                  02 fa 41ac0000          # 2 v: 21.5 (float32)
                """)));
        JsonNode record = new ObjectMapper(new CBORFactory()).readTree(payload).get(0);
        assertThat(record.get("0").asText()).isEqualTo("temp");
        assertThat(record.get("6").asLong()).isEqualTo(1_732_700_000L);
        assertThat(codec.decode(payload)).containsExactlyElementsOf(samples);
    }

    @Test
    void refuses_to_encode_times_senml_would_read_as_relative() {
        PayloadCodec codec = codec(CodecKind.SENML_JSON, "temperature", named("temp"));

        assertThatThrownBy(() -> codec.encode(List.of(new Sample("temperature", 60_000, 1, null))))
                .isInstanceOf(EncodeException.class)
                .hasMessage("field 'temperature': time 60000 ms is before 2^28 s (1978-07-04), which SenML reads as"
                        + " relative to now; it has no absolute form");
        assertThatThrownBy(() -> codec.encode(List.of(Sample.of("pressure", 1))))
                .hasMessageStartingWith("no field 'pressure'");
    }
}
