package io.ganglion.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.RejectReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMessageTest {

    @Test
    void reads_firmware_and_state_from_json_and_ignores_other_fields() throws Exception {
        assertThat(parse("{\"firmware\": \"2.3.1\", \"state\": \"Online\", \"rssi\": -70, \"x\": {\"y\": [1]}}"))
                .isEqualTo(new StatusMessage("2.3.1", "online"));
        assertThat(parse("{\"firmware\": \"v1.4-beta2\"}")).isEqualTo(new StatusMessage("v1.4-beta2", null));
    }

    @Test
    void reads_a_bare_last_will_word() throws Exception {
        assertThat(parse("Offline\n")).isEqualTo(new StatusMessage(null, "offline"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"firmware\": 2}|WRONG_TYPE|expected a string",
        "{\"state\": null}|WRONG_TYPE|expected a string",
        "{\"firmware\": \"2.3 beta\"}|MALFORMED|a version such as 2.3.1",
        "{\"firmware\": \"2.3\"|MALFORMED|not valid JSON",
        "{}|EMPTY|neither",
        "{\"rssi\": -70}|EMPTY|neither",
        "on line|MALFORMED|single word",
        "''|MALFORMED|single word"})
    void rejects_anything_else_saying_what_was_expected(String payload, RejectReason reason, String message) {
        assertThatThrownBy(() -> parse(payload.equals("''") ? "" : payload)).isInstanceOf(DecodeException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((DecodeException) e).reason()).isEqualTo(reason));
    }

    private static StatusMessage parse(String text) throws DecodeException {
        return StatusMessage.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
