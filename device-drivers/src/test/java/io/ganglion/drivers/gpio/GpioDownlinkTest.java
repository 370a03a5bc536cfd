package io.ganglion.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.pwm.MockPwm;
import io.ganglion.drivers.DeliveryResult;
import io.ganglion.drivers.DeliveryResult.Outcome;
import io.ganglion.drivers.OutboundCommand;
import io.ganglion.drivers.testing.RecordingSink;
import io.ganglion.profiles.model.GpioMode;
import io.ganglion.profiles.model.GpioPin;
import io.ganglion.profiles.model.GpioPull;
import io.ganglion.profiles.model.GpioTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GpioDownlinkTest {
    private final RecordingSink sink = new RecordingSink();
    private GpioDriver driver;
    private GpioDownlink downlink;

    @BeforeEach
    void start() throws Exception {
        driver = new GpioDriver(List.of(new GpioDevice("dev-1", new GpioTransport(Map.of(
                "relay", new GpioPin(22, GpioMode.RELAY, null, null, null, false, null),
                "fan", new GpioPin(18, GpioMode.PWM, null, null, null, false, 1000),
                "door", new GpioPin(23, GpioMode.EDGE, GpioPull.DOWN, null, null, false, null))))),
                GpioProvider.MOCK, Duration.ofSeconds(5));
        downlink = new GpioDownlink(driver);
        driver.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        driver.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sink.close();
    }

    private DeliveryResult send(String payload) throws Exception {
        return downlink.send(new OutboundCommand("dev-1", "c-1", "test", "gpio",
                payload.getBytes(StandardCharsets.UTF_8), 1)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private MockDigitalOutput relay() {
        return driver.context().registry().get("gpio-22", MockDigitalOutput.class);
    }

    @Test
    void every_pin_of_the_payload_is_set_in_order() throws Exception {
        DeliveryResult result = send("{\"relay\": 1, \"fan\": 62.5}");

        assertThat(result).isEqualTo(DeliveryResult.delivered("set relay=1, fan=62.5"));
        assertThat(relay().state()).isEqualTo(DigitalState.HIGH);
        assertThat(driver.context().registry().get("gpio-18", MockPwm.class).getDutyCycle()).isEqualTo(62.5f);
    }

    @Test
    void a_bool_switches_a_relay() throws Exception {
        assertThat(send("{\"relay\": true}").delivered()).isTrue();
        assertThat(relay().state()).isEqualTo(DigitalState.HIGH);
        assertThat(send("{\"relay\": false}").detail()).isEqualTo("set relay=0");
        assertThat(relay().state()).isEqualTo(DigitalState.LOW);
    }

    @Test
    void a_bad_pin_or_value_is_refused_and_says_what_was_already_set() throws Exception {
        DeliveryResult badValue = send("{\"relay\": 1, \"fan\": 140}");
        assertThat(badValue.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(badValue.detail()).contains("pwm pin 'fan' takes a duty cycle from 0 to 100 %")
                .endsWith("(already set: relay=1)");

        assertThat(send("{\"door\": 1}").detail()).contains("has no relay or pwm pin 'door'");
        assertThat(send("{\"pump\": 1}").outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void a_payload_that_is_not_an_object_of_numbers_is_refused_before_any_pin_is_set() throws Exception {
        assertThat(send("[1]").detail()).startsWith("a GPIO command's payload must be a JSON object");
        assertThat(send("{}").outcome()).isEqualTo(Outcome.REFUSED);
        DeliveryResult text = send("{\"relay\": 1, \"fan\": \"fast\"}");
        assertThat(text.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(text.detail()).contains("pin 'fan': the state must be a number");
        assertThat(relay().state()).isNotEqualTo(DigitalState.HIGH); // checked whole before the relay was set
    }

    @Test
    void a_stopped_driver_is_not_connected_rather_than_refusing() throws Exception {
        driver.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(send("{\"relay\": 1}").outcome()).isEqualTo(Outcome.NOT_CONNECTED);
    }
}
