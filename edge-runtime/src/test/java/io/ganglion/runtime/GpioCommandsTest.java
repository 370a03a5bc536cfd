package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.pwm.MockPwm;
import io.ganglion.drivers.gpio.GpioDriver;
import io.ganglion.runtime.config.DeviceConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands to a device on the gateway's own pins: the profile encodes each command as a JSON object of output pin
 * names to states, and the gateway routes it to the GPIO driver instead of MQTT.
 */
class GpioCommandsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * The library's {@code gpio-relay} (a relay and a fan on the gateway's pins), overridden with one more command:
     * {@code set-relay} takes any int, a profile author's slip that lets through a value the relay does not take.
     */
    private static final String GPIO_RELAY = """
            id: gpio-relay
            vendor: Generic
            model: relay-board
            firmware: "*"
            description: A relay and a fan wired to the gateway's own pins.
            metrics:
              relay_on: {type: bool, description: The relay is on}
              fan_duty: {type: float, unit: "%", range: [0, 100], description: The fan's duty cycle}
            transports:
              gpio:
                pins:
                  relay: {pin: 22, mode: relay}
                  fan:   {pin: 18, mode: pwm, frequency: 1000}
            telemetry:
              codec: json
              timestamp: {path: ts, unit: ms}
              fields:
                relay_on: {path: relay.level}
                fan_duty: {path: fan.duty}
            commands:
              "on":
                description: Switch the relay on.
                constants: {relay: 1}
                payload: {codec: json, fields: {relay: {path: relay}}}
              "off":
                description: Switch the relay off.
                constants: {relay: 0}
                payload: {codec: json, fields: {relay: {path: relay}}}
              set-duty:
                description: Run the fan at a duty cycle.
                parameters:
                  duty: {type: float, range: [0, 100], unit: "%"}
                payload: {codec: json, fields: {duty: {path: fan}}}
              raw:
                description: Written for a device with its own firmware, not for the gateway's pins.
                constants: {relay: 1}
                payload: {codec: binary, length: 1, fields: {relay: {at: 0, type: uint8}}}
              set-relay:
                description: Set the relay to a state.
                parameters:
                  state: {type: int}
                payload: {codec: json, fields: {state: {path: relay}}}
            """;

    @TempDir
    Path dir;

    private Gateway start() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("gpio-relay.yaml"), GPIO_RELAY);
        return Gateway.start(GatewayFixture.embedded(dir, profiles,
                List.of(new DeviceConfig("pump-1", "gpio-relay"))), "test");
    }

    @Test
    void on_and_off_set_the_relay_pin_and_the_commands_are_delivered() throws Exception {
        try (Gateway gateway = start()) {
            GpioDriver gpio = gateway.gpioDriver().orElseThrow();
            MockDigitalOutput relay = gpio.context().registry().get("gpio-22", MockDigitalOutput.class);

            var on = post(gateway, "/api/v1/devices/pump-1/commands/on", "{}");
            assertThat(on.status()).isEqualTo(202);
            assertThat(on.json().getString("status")).isEqualTo("pending");
            assertThat(on.json().getString("address")).isEqualTo("gpio"); // no topic: the payload names the pins
            String onId = on.json().getString("id");
            await().atMost(WAIT).until(() -> status(gateway, onId).equals("delivered"));
            assertThat(relay.state()).isEqualTo(DigitalState.HIGH);
            assertThat(command(gateway, onId).getString("detail")).isEqualTo("set relay=1");

            String offId = post(gateway, "/api/v1/devices/pump-1/commands/off", "{}").json().getString("id");
            await().atMost(WAIT).until(() -> status(gateway, offId).equals("delivered"));
            assertThat(relay.state()).isEqualTo(DigitalState.LOW);
        }
    }

    @Test
    void set_duty_runs_the_pwm_pin_at_the_duty_cycle() throws Exception {
        try (Gateway gateway = start()) {
            MockPwm fan = gateway.gpioDriver().orElseThrow().context().registry().get("gpio-18", MockPwm.class);

            String id = post(gateway, "/api/v1/devices/pump-1/commands/set-duty",
                    "{\"parameters\": {\"duty\": 40}}").json().getString("id");
            await().atMost(WAIT).until(() -> status(gateway, id).equals("delivered"));
            assertThat(fan.isOn()).isTrue();
            assertThat(fan.getDutyCycle()).isEqualTo(40f);
        }
    }

    @Test
    void a_value_the_pin_does_not_take_fails_the_command_with_the_reason() throws Exception {
        try (Gateway gateway = start()) {
            MockDigitalOutput relay = gateway.gpioDriver().orElseThrow().context().registry()
                    .get("gpio-22", MockDigitalOutput.class);
            DigitalState before = relay.state();

            String id = post(gateway, "/api/v1/devices/pump-1/commands/set-relay",
                    "{\"parameters\": {\"state\": 2}}").json().getString("id");
            await().atMost(WAIT).until(() -> status(gateway, id).equals("failed"));
            assertThat(command(gateway, id).getString("detail"))
                    .contains("relay pin 'relay' takes 0 (off) or 1 (on)");
            assertThat(relay.state()).isEqualTo(before);
        }
    }

    @Test
    void a_command_not_encoded_as_json_is_refused_before_it_is_stored() throws Exception {
        try (Gateway gateway = start()) {
            var raw = post(gateway, "/api/v1/devices/pump-1/commands/raw", "{}");
            assertThat(raw.status()).isEqualTo(409);
            assertThat(raw.json().getString("error")).contains("must use the json codec (pin names to states)");
            assertThat(get(gateway, "/api/v1/devices/pump-1/commands").json().getJsonArray("commands")).isEmpty();
        }
    }

    private static JsonObject command(Gateway gateway, String id) throws Exception {
        return get(gateway, "/api/v1/commands/" + id).json();
    }

    private static String status(Gateway gateway, String id) throws Exception {
        return command(gateway, id).getString("status");
    }
}
