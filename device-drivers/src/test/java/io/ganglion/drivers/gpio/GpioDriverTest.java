package io.ganglion.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.pwm.MockPwm;
import io.ganglion.drivers.Channel;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.Transport;
import io.ganglion.drivers.testing.RecordingSink;
import io.ganglion.profiles.model.GpioMode;
import io.ganglion.profiles.model.GpioPin;
import io.ganglion.profiles.model.GpioPull;
import io.ganglion.profiles.model.GpioTransport;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GpioDriverTest {
    private static final Duration WINDOW = Duration.ofMillis(400);

    private final RecordingSink sink = new RecordingSink();
    private GpioDriver driver;

    @AfterEach
    void tearDown() throws Exception {
        if (driver != null) {
            driver.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        sink.close();
    }

    private static GpioPin counter(int bcm, Duration debounce, boolean activeLow) {
        return new GpioPin(bcm, GpioMode.COUNTER, GpioPull.DOWN, debounce, WINDOW, activeLow, null);
    }

    private void start(Map<String, GpioPin> pins) throws Exception {
        driver = new GpioDriver(List.of(new GpioDevice("dev-1", new GpioTransport(pins))), GpioProvider.MOCK,
                Duration.ofSeconds(5));
        driver.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private MockDigitalInput input(int bcm) {
        return driver.context().registry().get("gpio-" + bcm, MockDigitalInput.class);
    }

    private void stop() throws Exception {
        driver.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private List<JsonObject> reports() {
        return sink.committedPayloads().stream().map(JsonObject::new).toList();
    }

    /** Waits for the next window report, so that what the test does next falls early in a fresh window. */
    private void awaitWindowBoundary() {
        int seen = sink.accepted().size();
        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(3))
                .until(() -> sink.accepted().size() > seen);
    }

    private static void pulse(MockDigitalInput input, DigitalState active, DigitalState idle, long millis)
            throws InterruptedException {
        input.mockState(active);
        Thread.sleep(millis);
        input.mockState(idle);
        Thread.sleep(millis);
    }

    private static int totalCount(List<JsonObject> reports, String pin) {
        return reports.stream().filter(r -> r.containsKey(pin)).mapToInt(r -> r.getJsonObject(pin).getInteger("count"))
                .sum();
    }

    @Test
    void counts_rising_edges_per_window_aligned_to_the_wall_clock() throws Exception {
        start(Map.of("loop", counter(17, Duration.ZERO, false)));
        for (int i = 0; i < 5; i++) {
            pulse(input(17), DigitalState.HIGH, DigitalState.LOW, 3);
        }
        awaitWindowBoundary();
        stop(); // flushes the partial window, so pulses on either side of a boundary all count

        List<JsonObject> reports = reports();
        assertThat(totalCount(reports, "loop")).isEqualTo(5);
        JsonObject first = reports.get(0);
        assertThat(first.getLong("ts") % WINDOW.toMillis()).isZero();
        InboundMessage message = sink.committed().get(0);
        assertThat(message.transport()).isEqualTo(Transport.GPIO);
        assertThat(message.channel()).isEqualTo(Channel.TELEMETRY);
        assertThat(message.deviceId()).isEqualTo("dev-1");
        assertThat(message.address()).isEqualTo("gpio:17");
        assertThat(message.qos()).isEqualTo(1);
        assertThat(message.receivedAt()).isEqualTo(first.getLong("ts"));
    }

    @Test
    void debounce_swallows_bounces_shorter_than_the_debounce_time() throws Exception {
        start(Map.of("loop", counter(17, Duration.ofMillis(40), false)));
        MockDigitalInput loop = input(17);
        for (int press = 0; press < 3; press++) {
            for (int bounce = 0; bounce < 4; bounce++) {
                pulse(loop, DigitalState.HIGH, DigitalState.LOW, 1);
            }
            loop.mockState(DigitalState.HIGH);
            Thread.sleep(100);
            for (int bounce = 0; bounce < 4; bounce++) {
                pulse(loop, DigitalState.LOW, DigitalState.HIGH, 1);
            }
            loop.mockState(DigitalState.LOW);
            Thread.sleep(100);
        }
        stop();

        assertThat(totalCount(reports(), "loop")).isEqualTo(3);
    }

    @Test
    void occupancy_is_the_share_of_the_window_the_input_was_active() throws Exception {
        start(Map.of("loop", counter(17, Duration.ZERO, false)));
        awaitWindowBoundary();
        int before = sink.accepted().size();
        input(17).mockState(DigitalState.HIGH);
        Thread.sleep(WINDOW.toMillis() / 4); // a quarter of the window
        input(17).mockState(DigitalState.LOW);
        await().atMost(Duration.ofSeconds(3)).until(() -> sink.committed().size() > before);

        JsonObject loop = reports().get(before).getJsonObject("loop");
        assertThat(loop.getInteger("count")).isEqualTo(1);
        // 25 % nominal; a busy machine sleeps longer and reports the boundary late, never the other way much.
        assertThat(loop.getDouble("active")).isBetween(20.0, 50.0);
    }

    @Test
    void a_level_input_reports_its_state_at_window_end_and_active_low_inverts_it() throws Exception {
        start(Map.of("fault", new GpioPin(27, GpioMode.LEVEL, GpioPull.UP, null, WINDOW, true, null)));
        input(27).mockState(DigitalState.LOW); // active-low: a low line is active
        awaitWindowBoundary();
        int before = sink.accepted().size();
        await().atMost(Duration.ofSeconds(3)).until(() -> sink.committed().size() > before);

        JsonObject fault = reports().get(before).getJsonObject("fault");
        assertThat(fault.getInteger("level")).isEqualTo(1);
        assertThat(fault.getDouble("active")).isGreaterThan(90.0);
        assertThat(fault.containsKey("count")).isFalse();
    }

    @Test
    void an_active_low_counter_counts_the_line_going_low() throws Exception {
        start(Map.of("loop", counter(17, Duration.ZERO, true)));
        input(17).mockState(DigitalState.HIGH); // idle
        pulse(input(17), DigitalState.LOW, DigitalState.HIGH, 3);
        pulse(input(17), DigitalState.LOW, DigitalState.HIGH, 3);
        stop();

        assertThat(totalCount(reports(), "loop")).isEqualTo(2);
    }

    @Test
    void an_edge_input_reports_every_change_at_once() throws Exception {
        start(Map.of("door", new GpioPin(22, GpioMode.EDGE, GpioPull.NONE, null, null, false, null)));
        input(22).mockState(DigitalState.HIGH);
        input(22).mockState(DigitalState.LOW);
        await().atMost(Duration.ofSeconds(3)).until(() -> sink.committed().size() == 2);

        assertThat(reports()).extracting(r -> r.getJsonObject("door").getInteger("level")).containsExactly(1, 0);
        assertThat(reports()).allSatisfy(r -> assertThat(r.getLong("ts")).isPositive());
    }

    @Test
    void a_relay_follows_set_output_and_reports_its_state() throws Exception {
        start(Map.of("gate", new GpioPin(5, GpioMode.RELAY, null, null, null, false, null),
                "lamp", new GpioPin(6, GpioMode.RELAY, null, null, null, true, null)));
        driver.setOutput("dev-1", "gate", 1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        driver.setOutput("dev-1", "lamp", 1).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(driver.context().registry().get("gpio-5", MockDigitalOutput.class).state())
                .isEqualTo(DigitalState.HIGH);
        assertThat(driver.context().registry().get("gpio-6", MockDigitalOutput.class).state())
                .isEqualTo(DigitalState.LOW); // active-low relay board: on pulls the line low
        await().atMost(Duration.ofSeconds(3)).until(() -> sink.committed().size() == 2);
        assertThat(reports().get(0).getJsonObject("gate").getInteger("level")).isEqualTo(1);
        assertThat(reports().get(1).getJsonObject("lamp").getInteger("level")).isEqualTo(1);

        driver.setOutput("dev-1", "gate", 0).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(driver.context().registry().get("gpio-5", MockDigitalOutput.class).state())
                .isEqualTo(DigitalState.LOW);
    }

    @Test
    void a_pwm_output_takes_a_duty_cycle_at_its_frequency() throws Exception {
        start(Map.of("fan", new GpioPin(18, GpioMode.PWM, null, null, null, false, 1000)));
        driver.setOutput("dev-1", "fan", 40).toCompletableFuture().get(5, TimeUnit.SECONDS);

        MockPwm fan = driver.context().registry().get("gpio-18", MockPwm.class);
        assertThat(fan.isOn()).isTrue();
        assertThat(fan.getDutyCycle()).isEqualTo(40f);
        assertThat(fan.getFrequency()).isEqualTo(1000);
        await().atMost(Duration.ofSeconds(3)).until(() -> sink.committed().size() == 1);
        assertThat(reports().get(0).getJsonObject("fan").getDouble("duty")).isEqualTo(40.0);

        driver.setOutput("dev-1", "fan", 0).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(fan.isOn()).isFalse();
    }

    @Test
    void set_output_refuses_unknown_pins_inputs_and_values_out_of_range() throws Exception {
        start(Map.of("gate", new GpioPin(5, GpioMode.RELAY, null, null, null, false, null),
                "loop", counter(17, Duration.ZERO, false)));

        assertThatThrownBy(() -> driver.setOutput("dev-1", "gate", 0.5).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 0 (off) or 1 (on)");
        assertThatThrownBy(() -> driver.setOutput("dev-1", "loop", 1).toCompletableFuture().join())
                .hasMessageContaining("no relay or pwm pin 'loop'");
        assertThatThrownBy(() -> driver.setOutput("dev-9", "gate", 1).toCompletableFuture().join())
                .hasMessageContaining("no GPIO device 'dev-9'");
    }

    @Test
    void a_report_refused_as_overloaded_is_submitted_again_later() throws Exception {
        start(Map.of("door", new GpioPin(22, GpioMode.EDGE, GpioPull.NONE, null, null, false, null)));
        sink.refuseNext(3);
        input(22).mockState(DigitalState.HIGH);

        await().atMost(Duration.ofSeconds(3)).until(() -> sink.committed().size() == 1);
        assertThat(reports().get(0).getJsonObject("door").getInteger("level")).isEqualTo(1);
        assertThat(sink.refusals()).isEqualTo(3);
        assertThat(driver.retriedReports()).isEqualTo(3);
        assertThat(driver.droppedReports()).isZero();
    }

    @Test
    void a_report_still_refused_after_the_last_attempt_is_dropped_and_counted() throws Exception {
        start(Map.of("door", new GpioPin(22, GpioMode.EDGE, GpioPull.NONE, null, null, false, null)));
        sink.refuseNext(ReadingSubmitter.MAX_ATTEMPTS);
        input(22).mockState(DigitalState.HIGH);

        await().atMost(Duration.ofSeconds(8)).until(() -> driver.droppedReports() == 1);
        assertThat(sink.refusals()).isEqualTo(ReadingSubmitter.MAX_ATTEMPTS);
        assertThat(sink.committed()).isEmpty();
    }

    @Test
    void two_devices_cannot_share_a_pin() {
        GpioTransport pins = new GpioTransport(Map.of("loop", counter(17, Duration.ZERO, false)));
        assertThatThrownBy(() -> new GpioDriver(List.of(new GpioDevice("a", pins), new GpioDevice("b", pins)),
                GpioProvider.MOCK, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GPIO 17 is declared by both a.loop and b.loop; a pin can be wired to one device only");
    }

    @Test
    void stop_reports_the_partial_window_with_every_pin_of_the_device() throws Exception {
        Duration hour = Duration.ofHours(1); // no boundary falls in this test
        start(Map.of("loop", new GpioPin(17, GpioMode.COUNTER, GpioPull.DOWN, null, hour, false, null),
                "fault", new GpioPin(27, GpioMode.LEVEL, GpioPull.UP, null, hour, true, null),
                "door", new GpioPin(22, GpioMode.EDGE, GpioPull.NONE, null, null, false, null),
                "gate", new GpioPin(5, GpioMode.RELAY, null, null, null, false, null)));
        input(27).mockState(DigitalState.HIGH); // healthy
        pulse(input(17), DigitalState.HIGH, DigitalState.LOW, 3);
        pulse(input(17), DigitalState.HIGH, DigitalState.LOW, 3);
        long beforeStop = System.currentTimeMillis();
        stop();

        List<JsonObject> reports = reports();
        assertThat(reports).hasSize(1);
        JsonObject report = reports.get(0);
        assertThat(report.getLong("ts")).isGreaterThanOrEqualTo(beforeStop - 5);
        assertThat(report.getJsonObject("loop").getInteger("count")).isEqualTo(2);
        assertThat(report.getJsonObject("fault").getInteger("level")).isZero();
        assertThat(report.getJsonObject("door").getInteger("level")).isZero();
        assertThat(report.getJsonObject("gate").getInteger("level")).isZero();
        assertThat(sink.committed().get(0).address()).contains("17", "27", "22", "5");
    }
}
