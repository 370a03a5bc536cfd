package io.ganglion.sim.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.sim.TestScenarios;
import io.ganglion.sim.plan.Channel;
import io.ganglion.sim.plan.ConnectionEvent;
import io.ganglion.sim.plan.EventStream;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.plan.SimEvent;
import io.ganglion.sim.plan.Tally;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private static final long HOUR = 3_600_000;

    private static List<SimEvent> events(Plan plan, long length) {
        List<SimEvent> events = new ArrayList<>();
        EventStream stream = plan.events();
        while (stream.peekTime() < plan.start() + length) {
            events.add(stream.next());
        }
        return events;
    }

    private static List<Message> telemetry(List<SimEvent> events) {
        return events.stream().filter(e -> e instanceof Message m && m.channel() == Channel.TELEMETRY)
                .map(Message.class::cast).collect(Collectors.toList());
    }

    private static List<Message> telemetry(List<SimEvent> events, String deviceId) {
        return telemetry(events).stream().filter(m -> m.deviceId().equals(deviceId)).collect(Collectors.toList());
    }

    private static List<Message> ofKind(List<Message> messages, Tally.Kind kind) {
        return messages.stream().filter(m -> m.tally().kind() == kind).collect(Collectors.toList());
    }

    @Test
    void malformed_payloads_of_every_codec_are_rejected_by_their_profile_for_the_counted_reason()
            throws ConfigException {
        Plan plan = TestScenarios.plan("devices:\n"
                + "  - {id: json, count: 3, profile: noise-level-meter, faults: {malformed: 0.3}}\n"
                + "  - {id: senml, count: 3, profile: airq-senml-json, interval: 10s, faults: {malformed: 0.3}}\n"
                + "  - {id: senmlc, count: 3, profile: airq-senml-cbor, interval: 10s, faults: {malformed: 0.3}}\n"
                + "  - {id: cbor, count: 3, profile: motor-vibration-cbor, faults: {malformed: 0.3}}\n"
                + "  - {id: be, count: 3, profile: energy-meter-modbus, faults: {malformed: 0.3}}\n"
                + "  - {id: le, count: 3, profile: plc-part-counter, faults: {malformed: 0.3}}\n"
                + "  - {id: bits, count: 3, profile: bosch-bme280-binary, faults: {malformed: 0.3}}\n");
        List<Message> messages = telemetry(events(plan, 600_000));
        List<Message> malformed = ofKind(messages, Tally.Kind.MALFORMED);

        assertThat(malformed.stream().map(m -> m.deviceId().replaceAll("-.*", "")).distinct())
                .containsExactlyInAnyOrder("json", "senml", "senmlc", "cbor", "be", "le", "bits");
        assertThat((double) malformed.size() / messages.size()).isBetween(0.25, 0.35);
        for (Message message : malformed) {
            DeviceProfile profile = plan.fleet().find(message.deviceId()).orElseThrow().profile();
            assertThat(message.tally().readings()).isEmpty();
            assertThatThrownBy(() -> profile.decodeTelemetry(message.deviceId(), message.payload(), 0))
                    .as(message.toString()).isInstanceOfSatisfying(DecodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(message.tally().rejectReason()));
        }
    }

    @Test
    void every_library_profile_can_be_broken() {
        for (DeviceProfile profile : ProfileSet.library().all()) {
            byte[] valid = profile.definition().tests().stream().filter(t -> !t.isCommand() && t.reject() == null)
                    .findFirst().map(t -> t.bytes()).orElse(null);
            if (valid == null) {
                continue;
            }
            MalformedPayloads.Corrupt corrupt = MalformedPayloads.corrupt(profile, "d", valid);
            assertThatThrownBy(() -> profile.decodeTelemetry("d", corrupt.payload(), 0)).as(profile.id())
                    .isInstanceOfSatisfying(DecodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(corrupt.reason()));
        }
    }

    @Test
    void a_duplicate_is_the_same_payload_again_right_after_it() throws ConfigException {
        List<SimEvent> events = events(TestScenarios.plan("devices:\n"
                + "  - {id: n, count: 5, profile: noise-level-meter, faults: {duplicate: 0.1}}\n"), HOUR);
        List<Message> telemetry = telemetry(events);
        List<Message> duplicates = ofKind(telemetry, Tally.Kind.DUPLICATE);

        assertThat((double) duplicates.size() / telemetry.size()).isBetween(0.07, 0.12);
        for (Message duplicate : duplicates) {
            Message original = (Message) events.get(events.indexOf(duplicate) - 1);
            assertThat(original.payload()).isEqualTo(duplicate.payload());
            assertThat(original.at()).isEqualTo(duplicate.at());
            assertThat(original.tally().kind()).isEqualTo(Tally.Kind.READINGS);
            assertThat(duplicate.tally().readings()).isEqualTo(original.tally().readings());
        }
    }

    @Test
    void an_out_of_order_message_is_sent_after_the_next_one() throws ConfigException {
        List<Message> sent = telemetry(events(TestScenarios.plan("devices:\n"
                + "  - {id: n, count: 1, profile: noise-level-meter, faults: {outOfOrder: 0.1}}\n"), HOUR), "n-0001");

        int late = 0;
        for (int i = 1; i < sent.size(); i++) {
            long previous = sent.get(i - 1).tally().readings().get(0).timestamp();
            long current = sent.get(i).tally().readings().get(0).timestamp();
            if (current < previous) {
                late++;
                assertThat(sent.get(i).at()).isEqualTo(sent.get(i - 1).at()); // right after the newer one
                assertThat(sent.get(i).tally().kind()).isEqualTo(Tally.Kind.READINGS);
            }
        }
        assertThat(late).isBetween(20, 50);
        assertThat(sent.stream().map(m -> m.tally().readings().get(0).timestamp()).distinct().count())
                .isEqualTo(sent.size()); // none lost, none twice
    }

    @Test
    void an_out_of_range_value_is_stored_with_bad_quality() throws ConfigException {
        Plan plan = TestScenarios.plan("devices:\n"
                + "  - {id: n, count: 3, profile: noise-level-meter, faults: {outOfRange: 0.05}}\n"
                + "  - {id: m, count: 3, profile: energy-meter-modbus, faults: {outOfRange: 0.05}}\n");
        List<Message> telemetry = telemetry(events(plan, HOUR));
        List<Message> bad = telemetry.stream().filter(m -> m.tally().badReadings() > 0).collect(Collectors.toList());

        assertThat((double) bad.size() / telemetry.size()).isBetween(0.03, 0.07);
        assertThat(bad).anySatisfy(m -> assertThat(m.deviceId()).startsWith("m-"));
        for (Message message : bad) {
            assertThat(message.tally().badReadings()).isEqualTo(1);
            List<Reading> decoded = decode(plan, message);
            assertThat(decoded.stream().filter(r -> r.quality() == Quality.BAD).map(Reading::metric))
                    .containsExactlyElementsOf(message.tally().readings().stream()
                            .filter(r -> r.quality() == Quality.BAD).map(Reading::metric).toList());
        }
    }

    private static List<Reading> decode(Plan plan, Message message) {
        try {
            return plan.fleet().find(message.deviceId()).orElseThrow().profile()
                    .decodeTelemetry(message.deviceId(), message.payload(), message.at());
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_clock_offset_shifts_every_timestamp_a_device_sends() throws ConfigException {
        List<Message> ahead = telemetry(events(TestScenarios.plan("devices:\n  - {id: n, count: 2, profile:"
                + " noise-level-meter, faults: {clockSkew: {offset: 90s}}}\n"), HOUR));
        List<Message> behind = telemetry(events(TestScenarios.plan("devices:\n  - {id: n, count: 2, profile:"
                + " noise-level-meter, faults: {clockSkew: {offset: 2s, behind: true}}}\n"), HOUR));

        assertThat(ahead).isNotEmpty().allSatisfy(m -> assertThat(m.tally().readings().get(0).timestamp())
                .isEqualTo(m.at() + 90_000));
        assertThat(behind).isNotEmpty().allSatisfy(m -> assertThat(m.tally().readings().get(0).timestamp())
                .isEqualTo(m.at() - 2_000));
    }

    @Test
    void a_fraction_of_devices_have_clocks_off_by_up_to_the_bound() throws ConfigException {
        List<Message> messages = telemetry(events(TestScenarios.plan("devices:\n  - {id: n, count: 200, profile:"
                + " noise-level-meter, faults: {clockSkew: {fraction: 0.3, upTo: 5s}}}\n"), 60_000));
        Set<String> skewed = new HashSet<>();
        for (Message m : messages) {
            long skew = m.tally().readings().get(0).timestamp() - m.at();
            assertThat(Math.abs(skew)).isLessThanOrEqualTo(5_000);
            if (skew != 0) {
                skewed.add(m.deviceId());
            }
        }
        assertThat(skewed.size()).isBetween(40, 80);
    }

    @Test
    void a_silent_device_sends_nothing_for_the_silence_and_then_resumes() throws ConfigException {
        List<Message> sent = telemetry(events(TestScenarios.plan("devices:\n  - {id: n, profile: noise-level-meter,"
                + " faults: {silence: {at: 10m, for: 5m}}}\n"), HOUR), "n-0001");
        long start = TestScenarios.START.toEpochMilli();

        assertThat(sent).noneMatch(m -> m.at() >= start + 600_000 && m.at() < start + 900_000);
        assertThat(sent).anyMatch(m -> m.at() >= start + 900_000 && m.at() < start + 920_000);
        assertThat(sent).anyMatch(m -> m.at() >= start + 580_000 && m.at() < start + 600_000);
    }

    @Test
    void a_device_silent_for_good_never_speaks_again() throws ConfigException {
        List<SimEvent> events = events(TestScenarios.plan("devices:\n  - {id: n, count: 10, profile:"
                + " noise-level-meter, faults: {silence: {at: 10m, fraction: 0.5}}}\n"), HOUR);
        long silenceStart = TestScenarios.START.toEpochMilli() + 600_000;

        Set<String> talkingAfter = telemetry(events).stream().filter(m -> m.at() >= silenceStart)
                .map(Message::deviceId).collect(Collectors.toSet());
        assertThat(talkingAfter.size()).isBetween(2, 8);
    }

    @Test
    void a_disconnect_storm_drops_a_fraction_of_devices_which_reconnect_and_announce_themselves()
            throws ConfigException {
        List<SimEvent> events = events(TestScenarios.plan("devices:\n  - {id: n, count: 100, profile:"
                + " noise-level-meter, firmware: 1.1.0,"
                + " faults: {disconnects: {every: 5m, fraction: 0.2, for: 30s}}}\n"),
                HOUR);
        long start = TestScenarios.START.toEpochMilli();
        List<ConnectionEvent> drops = events.stream().filter(e -> e instanceof ConnectionEvent c
                && c.kind() == ConnectionEvent.Kind.DROP).map(ConnectionEvent.class::cast).toList();

        assertThat(drops).allSatisfy(d -> assertThat((d.at() - start) % 300_000).isZero());
        assertThat(drops.size()).isBetween(11 * 100 / 5 - 60, 11 * 100 / 5 + 60); // 11 storms in the hour
        for (ConnectionEvent drop : drops) {
            List<SimEvent> mine = events.stream().filter(e -> e.deviceId().equals(drop.deviceId())).toList();
            int at = mine.indexOf(drop);
            SimEvent reconnect = mine.get(at + 1);
            assertThat(reconnect).isInstanceOfSatisfying(ConnectionEvent.class,
                    c -> assertThat(c.kind()).isEqualTo(ConnectionEvent.Kind.RECONNECT));
            assertThat(reconnect.at()).isEqualTo(drop.at() + 30_000);
            assertThat(mine.get(at + 2)).isInstanceOfSatisfying(Message.class, m -> {
                assertThat(m.channel()).isEqualTo(Channel.STATUS);
                assertThat(new String(m.payload(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"firmware\": \"1.1.0\", \"state\": \"online\"}");
            });
        }
    }

    @Test
    void a_firmware_change_announces_the_version_and_switches_the_codec() throws ConfigException {
        Plan plan = TestScenarios.plan("devices:\n  - id: bme\n    profile: bosch-bme280-binary\n"
                + "    firmware: 1.2.0\n    faults: {firmwareChange: {at: 10m, to: 2.1.0}}\n");
        List<SimEvent> events = events(plan, 1_200_000);
        long change = plan.start() + 600_000;
        ProfileSet library = ProfileSet.library();

        List<String> statuses = events.stream().filter(e -> e instanceof Message m && m.channel() == Channel.STATUS)
                .map(e -> new String(((Message) e).payload(), StandardCharsets.UTF_8)).toList();
        assertThat(statuses).containsExactly("{\"firmware\": \"1.2.0\", \"state\": \"online\"}",
                "{\"firmware\": \"2.1.0\", \"state\": \"online\"}");
        for (Message message : telemetry(events)) {
            String expected = message.at() < change ? "bosch-bme280-binary" : "bosch-bme280-json";
            assertThat(decodes(library.find(expected).orElseThrow(), message)).as(message.toString()).isTrue();
        }
        assertThat(telemetry(events)).anyMatch(m -> m.at() >= change).anyMatch(m -> m.at() < change);
    }

    private static boolean decodes(DeviceProfile profile, Message message) {
        try {
            profile.decodeTelemetry(message.deviceId(), message.payload(), message.at());
            return true;
        } catch (DecodeException e) {
            return false;
        }
    }

    @Test
    void without_faults_every_telemetry_message_counts_its_readings() throws ConfigException {
        List<Message> telemetry = telemetry(events(TestScenarios.plan("devices:\n"
                + "  - {id: n, count: 10, profile: noise-level-meter}\n"), HOUR));

        assertThat(telemetry).allSatisfy(m -> {
            assertThat(m.tally().kind()).isEqualTo(Tally.Kind.READINGS);
            assertThat(m.tally().badReadings()).isZero();
            assertThat(m.tally().readings().get(0).timestamp()).isEqualTo(m.at());
        });
    }
}
