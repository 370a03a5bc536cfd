package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.drivers.Channel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicRouterTest {
    private final TopicRouter defaults = new TopicRouter();

    @Test
    void routes_telemetry_and_status_topics_of_the_contract() {
        assertThat(defaults.route("devices/cam-7/telemetry"))
                .contains(new TopicRouter.Route("cam-7", Channel.TELEMETRY));
        assertThat(defaults.route("devices/plc:1.a/status"))
                .contains(new TopicRouter.Route("plc:1.a", Channel.STATUS));
        assertThat(defaults.route("devices/relay-1/commands/pulse/ack"))
                .contains(new TopicRouter.Route("relay-1", Channel.COMMAND_ACK));
        assertThat(defaults.filters()).containsExactly("devices/+/telemetry", "devices/+/status",
                "devices/+/commands/+/ack");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "devices", "devices/", "devices//telemetry", "devices/d1", "devices/d1/",
        "devices/d1/frames", "devices/d1/commands/reboot", "devices/d1/telemetry/extra", "devices/+/telemetry",
        "devices/#/status", "Devices/d1/telemetry", "other/d1/telemetry", "/devices/d1/telemetry"})
    void does_not_route_other_topics(String topic) {
        assertThat(defaults.route(topic)).isEmpty();
    }

    @Test
    void does_not_route_null() {
        assertThat(defaults.route(null)).isEmpty();
    }

    @Test
    void routes_a_brownfield_layout_from_a_template() {
        TopicRouter router = new TopicRouter(List.of(
                TopicTemplate.parse("site/{site}/bme/{deviceId}/up", Channel.TELEMETRY),
                TopicTemplate.parse("site/{site}/bme/{deviceId}/state", Channel.STATUS)));

        assertThat(router.route("site/north/bme/env-4/up")).contains(new TopicRouter.Route("env-4", Channel.TELEMETRY));
        assertThat(router.route("site/north/bme/env-4/state")).contains(new TopicRouter.Route("env-4", Channel.STATUS));
        assertThat(router.route("site/north/bme/env-4")).isEmpty();
        assertThat(router.route("site//bme/env-4/up")).isEmpty();
        assertThat(router.route("devices/env-4/telemetry")).as("the contract's layout stays")
                .contains(new TopicRouter.Route("env-4", Channel.TELEMETRY));
        assertThat(router.filters()).containsExactlyInAnyOrder("devices/+/telemetry", "devices/+/status",
                "devices/+/commands/+/ack", "site/+/bme/+/up", "site/+/bme/+/state");
    }

    @Test
    void the_template_with_more_literal_levels_wins() {
        TopicRouter router = new TopicRouter(List.of(
                TopicTemplate.parse("plant/{deviceId}/{kind}", Channel.TELEMETRY),
                TopicTemplate.parse("plant/{deviceId}/status", Channel.STATUS)));

        assertThat(router.route("plant/m1/status")).contains(new TopicRouter.Route("m1", Channel.STATUS));
        assertThat(router.route("plant/m1/vibration")).contains(new TopicRouter.Route("m1", Channel.TELEMETRY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"site/+/{deviceId}", "site/#", "site/{site}", "site/{deviceId}/{deviceId}",
        "site/dev{deviceId}/up", ""})
    void refuses_a_bad_template_saying_why(String template) {
        assertThatThrownBy(() -> TopicTemplate.parse(template, Channel.TELEMETRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an MQTT topic template with {deviceId} as a whole level");
    }

    @Test
    void refuses_templates_that_fit_the_same_topics_but_route_differently() {
        TopicRouter router = new TopicRouter();
        assertThatThrownBy(() -> router.replace(List.of(
                TopicTemplate.parse("a/{deviceId}/{x}", Channel.TELEMETRY),
                TopicTemplate.parse("a/{x}/{deviceId}", Channel.TELEMETRY))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("route them differently");
        assertThat(router.filters()).as("the current templates stay in force")
                .containsExactly("devices/+/telemetry", "devices/+/status", "devices/+/commands/+/ack");
    }

    @Test
    void tells_listeners_when_the_filters_change_and_only_then() {
        TopicRouter router = new TopicRouter();
        List<List<String>> seen = new ArrayList<>();
        router.onFiltersChanged(seen::add);

        router.replace(List.of(TopicTemplate.parse("x/{deviceId}/up", Channel.TELEMETRY)));
        router.replace(List.of(TopicTemplate.parse("x/{deviceId}/up", Channel.TELEMETRY))); // the same again
        router.replace(List.of());

        // More literal levels first, so the acknowledgement filter leads.
        assertThat(seen).containsExactly(
                List.of("devices/+/commands/+/ack", "devices/+/telemetry", "devices/+/status", "x/+/up"),
                List.of("devices/+/commands/+/ack", "devices/+/telemetry", "devices/+/status"));
    }
}
