package io.ganglion.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.sim.TestScenarios;
import io.ganglion.sim.scenario.LoadedScenario;
import io.ganglion.sim.scenario.ScenarioLoader;
import io.ganglion.sim.scenario.ShippedScenarios;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTest {
    private static final long TEN_MINUTES = 600_000;

    static List<SimEvent> events(Plan plan, long until) {
        List<SimEvent> events = new ArrayList<>();
        EventStream stream = plan.events();
        while (stream.peekTime() < until) {
            events.add(stream.next());
        }
        return events;
    }

    static Plan shipped(String name) throws ConfigException {
        return Plan.of(new ScenarioLoader().loadShipped(name), TestScenarios.START);
    }

    @Test
    void the_same_seed_gives_the_same_events_byte_for_byte() throws ConfigException {
        Plan plan = shipped(ShippedScenarios.INTERSECTION);

        List<SimEvent> first = events(plan, plan.start() + TEN_MINUTES);
        List<SimEvent> again = events(shipped(ShippedScenarios.INTERSECTION), plan.start() + TEN_MINUTES);

        assertThat(first).hasSizeGreaterThan(1000);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void another_seed_gives_other_events() throws ConfigException {
        String scenario = "devices:\n  - {id: n, count: 5, profile: noise-level-meter}\n";
        Plan one = TestScenarios.plan("seed: 1\n" + scenario);
        Plan two = TestScenarios.plan("seed: 2\n" + scenario);

        List<SimEvent> a = events(one, one.start() + TEN_MINUTES);
        List<SimEvent> b = events(two, two.start() + TEN_MINUTES);

        assertThat(a).isNotEqualTo(b);
        assertThat(a.stream().filter(e -> e instanceof Message m && m.channel() == Channel.TELEMETRY).count())
                .isCloseTo(b.stream().filter(e -> e instanceof Message m && m.channel() == Channel.TELEMETRY).count(),
                        within(10L));
    }

    @Test
    void a_device_keeps_its_values_when_another_group_is_added() throws ConfigException {
        String noise = "  - {id: n, count: 2, profile: noise-level-meter}\n";
        Plan alone = TestScenarios.plan("devices:\n" + noise);
        Plan withOthers = TestScenarios.plan("devices:\n  - {id: a, count: 3, profile: airq-senml-json}\n" + noise);

        assertThat(payloadsOf("n-0002", alone)).isEqualTo(payloadsOf("n-0002", withOthers)).isNotEmpty();
    }

    private static List<String> payloadsOf(String deviceId, Plan plan) {
        List<String> payloads = new ArrayList<>();
        for (SimEvent event : events(plan, plan.start() + TEN_MINUTES)) {
            if (event instanceof Message m && m.deviceId().equals(deviceId)) {
                payloads.add(new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return payloads;
    }

    @Test
    void both_shipped_scenarios_plan_ten_minutes_in_time_order() throws ConfigException {
        for (String name : ShippedScenarios.NAMES) {
            Plan plan = shipped(name);
            List<SimEvent> events = events(plan, plan.start() + TEN_MINUTES);

            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).at()).as(name + " event " + i).isGreaterThanOrEqualTo(events.get(i - 1).at());
            }
            assertThat(events).allSatisfy(e -> assertThat(e.at()).isBetween(plan.start(), plan.start() + TEN_MINUTES));
            // Every device connected and announced itself before it sent anything else.
            Map<String, Integer> firstEvent = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                firstEvent.putIfAbsent(events.get(i).deviceId(), i);
            }
            assertThat(firstEvent).hasSize(plan.fleet().size());
            firstEvent.values().forEach(index -> assertThat(events.get(index)).isInstanceOf(ConnectionEvent.class));
        }
    }

    @Test
    void the_factory_sends_ten_vibration_messages_a_second_per_sensor() throws ConfigException {
        Plan plan = shipped(ShippedScenarios.FACTORY);

        long telemetry = events(plan, plan.start() + TEN_MINUTES).stream()
                .filter(e -> e instanceof Message m && m.channel() == Channel.TELEMETRY
                        && m.deviceId().equals("vib-0003") && m.tally().kind() == Tally.Kind.READINGS)
                .count();

        assertThat(telemetry).isBetween(5900L, 6100L);
    }

    @Test
    void cameras_send_frames_at_their_rate_round_robin() throws ConfigException {
        Plan plan = shipped(ShippedScenarios.INTERSECTION);

        List<Message> frames = events(plan, plan.start() + TEN_MINUTES).stream()
                .filter(e -> e instanceof Message m && m.channel() == Channel.FRAMES && m.deviceId().equals("cam-0002"))
                .map(Message.class::cast).toList();

        assertThat(frames).hasSizeBetween(1190, 1200);
        assertThat(frames.get(0).payload()).startsWith((byte) 0xFF, (byte) 0xD8); // JPEG SOI
        assertThat(frames.get(0).payload()).isNotEqualTo(frames.get(1).payload());
        assertThat(frames.get(0).payload()).isEqualTo(frames.get(FrameSource.GENERATED_FRAMES).payload());
        assertThat(frames).allSatisfy(f -> assertThat(f.tally().kind()).isEqualTo(Tally.Kind.FRAME));
    }

    @Test
    void every_normal_payload_decodes_into_the_readings_the_ledger_counts() throws ConfigException {
        for (String name : ShippedScenarios.NAMES) {
            LoadedScenario loaded = new ScenarioLoader().loadShipped(name);
            Plan plan = Plan.of(loaded, TestScenarios.START);
            Map<String, DeviceProfile> current = new HashMap<>();
            plan.fleet().devices().forEach(d -> current.put(d.id(), d.profile()));
            int checked = 0;
            for (SimEvent event : events(plan, plan.start() + TEN_MINUTES)) {
                if (!(event instanceof Message m)) {
                    continue;
                }
                if (m.channel() == Channel.STATUS && new String(m.payload()).contains("firmware")) {
                    current.put(m.deviceId(), selected(loaded, m));
                }
                if (m.tally().kind() != Tally.Kind.READINGS && m.tally().kind() != Tally.Kind.DUPLICATE) {
                    continue;
                }
                List<Reading> decoded = decode(current.get(m.deviceId()), m);
                assertThat(decoded).as(m.toString()).hasSameSizeAs(m.tally().readings());
                for (int i = 0; i < decoded.size(); i++) {
                    Reading expected = m.tally().readings().get(i);
                    Reading actual = decoded.get(i);
                    assertThat(actual.metric()).isEqualTo(expected.metric());
                    assertThat(actual.value()).as(m + " " + expected.metric())
                            .isCloseTo(expected.value(), within(1e-9 * Math.max(1, Math.abs(expected.value()))));
                    assertThat(actual.timestamp()).as(m + " " + expected.metric()).isEqualTo(expected.timestamp());
                    assertThat(actual.quality()).isEqualTo(expected.quality());
                    assertThat(actual.unit()).isEqualTo(expected.unit());
                    checked++;
                }
            }
            assertThat(checked).as(name).isGreaterThan(2_000);
        }
    }

    private static DeviceProfile selected(LoadedScenario loaded, Message status) {
        String text = new String(status.payload());
        String version = text.replaceAll(".*\"firmware\": \"([^\"]+)\".*", "$1");
        DeviceProfile before = loaded.profile(loaded.scenario().devices().stream()
                .filter(g -> status.deviceId().startsWith(g.id() + "-")).findFirst()
                .map(g -> g.profile()).orElseGet(() -> loaded.scenario().cameras().stream()
                        .filter(g -> status.deviceId().startsWith(g.id() + "-")).findFirst().orElseThrow().profile()));
        return loaded.profiles().select(before.model(),
                io.ganglion.profiles.model.FirmwareVersion.of(version)).orElseThrow();
    }

    private static List<Reading> decode(DeviceProfile profile, Message message) {
        try {
            // The receive time is the scheduled time: what the ledger counts for a payload without a time.
            return profile.decodeTelemetry(message.deviceId(), message.payload(), message.at());
        } catch (DecodeException e) {
            throw new AssertionError(message + " does not decode with " + profile.id() + ": " + e.getMessage(), e);
        }
    }

    @Test
    void a_device_without_an_interval_sends_at_its_profile_period() throws ConfigException {
        Plan plan = TestScenarios.plan("devices:\n  - {id: a, profile: airq-senml-json, jitter: 0}\n");

        List<Long> times = events(plan, plan.start() + TEN_MINUTES).stream()
                .filter(e -> e instanceof Message m && m.channel() == Channel.TELEMETRY).map(SimEvent::at).toList();

        assertThat(times).hasSize(10);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).isEqualTo(60_000);
        }
    }

    @Test
    void a_run_with_a_duration_ends_and_one_without_goes_on() throws ConfigException {
        Plan bounded = TestScenarios.plan("duration: 1m\ndevices:\n  - {id: n, profile: noise-level-meter}\n");
        Plan endless = TestScenarios.plan("devices:\n  - {id: n, profile: noise-level-meter}\n");

        EventStream stream = bounded.events();
        int count = 0;
        while (stream.next() != null) {
            count++;
        }
        assertThat(count).isBetween(6, 9);
        assertThat(stream.peekTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(endless.end()).isEqualTo(Long.MAX_VALUE);
        assertThat(events(endless, endless.start() + 86_400_000L)).hasSizeGreaterThan(8000);
    }

    @Test
    void the_fleet_describes_how_each_device_connects() throws ConfigException {
        Plan plan = shipped(ShippedScenarios.INTERSECTION);

        DeviceInfo noise = plan.fleet().find("noise-0001").orElseThrow();
        DeviceInfo camera = plan.fleet().find("cam-0004").orElseThrow();
        DeviceInfo air = plan.fleet().find("air-0001").orElseThrow();

        assertThat(noise.mqtt().persistentSession()).isTrue();
        assertThat(noise.qos()).isEqualTo(1);
        assertThat(new String(noise.lastWillPayload())).isEqualTo("offline");
        assertThat(camera.camera()).isTrue();
        assertThat(camera.qos()).isZero();
        assertThat(air.transport().label()).isEqualTo("coap");
        assertThat(plan.fleet().get(camera.ordinal())).isSameAs(camera);
        assertThat(plan.fleet().size()).isEqualTo(21);
    }

    @Test
    void ten_thousand_devices_fit_in_one_plan() throws ConfigException {
        Plan plan = TestScenarios.plan("devices:\n  - {id: n, count: 6000, profile: noise-level-meter, interval: 1s}\n"
                + "  - {id: m, count: 4000, profile: energy-meter-modbus, interval: 1s}\n");

        List<SimEvent> events = events(plan, plan.start() + 5_000);

        assertThat(plan.fleet().size()).isEqualTo(10_000);
        assertThat(events.stream().filter(e -> e instanceof ConnectionEvent).count()).isEqualTo(10_000);
        assertThat(events.stream().filter(e -> e instanceof Message m && m.channel() == Channel.TELEMETRY).count())
                .isBetween(45_000L, 55_000L);
    }
}
