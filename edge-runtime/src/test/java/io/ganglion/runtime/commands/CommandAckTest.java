package io.ganglion.runtime.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandAckTest {

    @Test
    void reads_status_id_and_detail() {
        CommandAck ack = CommandAck.parse(bytes("{\"status\": \"error\", \"command\": \"c-1\", \"detail\": \"jammed\"}"));
        assertThat(ack).isEqualTo(new CommandAck("c-1", false, "jammed"));
        assertThat(CommandAck.parse(bytes("{\"status\": \"ok\"}"))).isEqualTo(new CommandAck(null, true, ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok", "[]", "{}", "{\"status\": \"done\"}", "{\"status\": \"ok\", \"command\": 7}"})
    void refuses_what_is_not_an_acknowledgement(String payload) {
        assertThatThrownBy(() -> CommandAck.parse(bytes(payload))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acknowledgement");
    }

    @Test
    void takes_the_command_name_from_the_topic() {
        assertThat(CommandAck.nameFromTopic("devices/relay-1/commands/pulse/ack")).isEqualTo("pulse");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
