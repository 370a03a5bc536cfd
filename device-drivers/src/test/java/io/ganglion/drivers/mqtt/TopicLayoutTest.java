package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicLayoutTest {

    @Test
    void routes_telemetry_and_status_topics() {
        assertThat(TopicLayout.parse("devices/cam-7/telemetry"))
                .contains(new TopicLayout.Route("cam-7", Channel.TELEMETRY));
        assertThat(TopicLayout.parse("devices/plc:1.a/status"))
                .contains(new TopicLayout.Route("plc:1.a", Channel.STATUS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "devices", "devices/", "devices//telemetry", "devices/d1", "devices/d1/",
        "devices/d1/frames", "devices/d1/commands/reboot", "devices/d1/telemetry/extra", "devices/+/telemetry",
        "devices/#/status", "Devices/d1/telemetry", "other/d1/telemetry", "/devices/d1/telemetry"})
    void does_not_route_other_topics(String topic) {
        assertThat(TopicLayout.parse(topic)).isEmpty();
    }

    @Test
    void does_not_route_null() {
        assertThat(TopicLayout.parse(null)).isEmpty();
    }
}
