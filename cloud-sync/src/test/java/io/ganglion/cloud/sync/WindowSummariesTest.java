package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Summary;
import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WindowSummariesTest {
    private static final long W0 = 1_795_000_020_000L - 1_795_000_020_000L % 60_000; // a whole minute
    private final MutableClock clock = new MutableClock(W0);
    private final WindowSummaries windows = new WindowSummaries(WindowSettings.defaults(), clock);

    private static Reading reading(String device, long time, double value) {
        return new Reading(device, "temperature", time, value, "Cel", Quality.GOOD);
    }

    @Test
    void a_window_closes_on_event_time_once_the_lateness_has_passed_and_summarises_its_readings() {
        assertThat(windows.accept(reading("d1", W0 + 5_000, 21.0))).isEmpty();
        assertThat(windows.accept(reading("d1", W0 + 1_000, 20.0))).as("out of order, same window").isEmpty();
        assertThat(windows.accept(reading("d1", W0 + 59_000, 23.0))).isEmpty();
        assertThat(windows.accept(reading("d1", W0 + 65_000, 30.0))).as("next window, within the lateness").isEmpty();
        assertThat(windows.accept(reading("d1", W0 + 59_500, 22.0))).as("late but within the lateness").isEmpty();

        List<Summary> closed = windows.accept(reading("d1", W0 + 70_000, 31.0)); // watermark = W0 + 60 s
        assertThat(closed).hasSize(1);
        Summary s = closed.get(0);
        assertThat(s.windowStart()).isEqualTo(W0);
        assertThat(s.windowEnd()).isEqualTo(W0 + 60_000);
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.min()).isEqualTo(20.0);
        assertThat(s.max()).isEqualTo(23.0);
        assertThat(s.sum()).isEqualTo(86.0);
        assertThat(s.mean()).isEqualTo(21.5);
        assertThat(s.first()).isEqualTo(20.0);
        assertThat(s.firstTime()).isEqualTo(W0 + 1_000);
        assertThat(s.last()).isEqualTo(22.0);
        assertThat(s.lastTime()).isEqualTo(W0 + 59_500);
        assertThat(s.unit()).isEqualTo("Cel");
        assertThat(windows.stats().lateReadings()).isZero();
    }

    @Test
    void a_reading_for_a_closed_window_is_counted_late_and_sent_as_a_correction_of_that_window() {
        windows.accept(reading("d1", W0 + 1_000, 20.0));
        assertThat(windows.accept(reading("d1", W0 + 75_000, 25.0))).hasSize(1);
        assertThat(windows.accept(reading("d1", W0 + 30_000, 99.0))).as("late: not merged into anything open")
                .isEmpty();
        assertThat(windows.stats().lateReadings()).isEqualTo(1);

        clock.set(W0 + 76_000); // d1 spoke just now: only the correction comes out
        List<Summary> out = windows.tick();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).windowStart()).isEqualTo(W0);
        assertThat(out.get(0).count()).isEqualTo(1);
        assertThat(out.get(0).max()).isEqualTo(99.0);
        assertThat(windows.stats().lateCorrections()).isEqualTo(1);
        assertThat(windows.tick()).as("emitted once").isEmpty();
    }

    @Test
    void a_silent_device_s_window_closes_by_the_wall_clock() {
        windows.accept(reading("quiet", W0 + 2_000, 5.0));
        clock.set(W0 + 65_000);
        assertThat(windows.tick()).as("wall clock minus lateness is still inside the window").isEmpty();
        clock.set(W0 + 70_000);
        List<Summary> out = windows.tick();
        assertThat(out).extracting(Summary::device, Summary::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("quiet", 1L));
        assertThat(windows.stats().openWindows()).isZero();
    }

    @Test
    void series_are_independent() {
        windows.accept(reading("a", W0 + 1_000, 1));
        windows.accept(reading("b", W0 + 1_000, 2));
        List<Summary> closed = windows.accept(reading("a", W0 + 200_000, 3));
        assertThat(closed).extracting(Summary::device).containsExactly("a");
        assertThat(windows.stats().series()).isEqualTo(2);
    }

    @Test
    void open_windows_per_series_are_bounded_the_oldest_closes_early() {
        WindowSummaries small = new WindowSummaries(new WindowSettings(Duration.ofSeconds(60), Duration.ofMinutes(10),
                2, 10), clock);
        List<Summary> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.addAll(small.accept(reading("d", W0 + i * 60_000L, i)));
        }
        assertThat(out).extracting(Summary::windowStart).containsExactly(W0, W0 + 60_000, W0 + 120_000);
        assertThat(small.stats().forcedCloses()).isEqualTo(3);
        assertThat(small.stats().openWindows()).isEqualTo(2);
    }

    @Test
    void readings_beyond_the_series_limit_or_with_implausible_times_are_refused_and_counted() {
        WindowSummaries small = new WindowSummaries(new WindowSettings(Duration.ofSeconds(60), Duration.ZERO, 2, 1),
                clock);
        small.accept(reading("one", W0, 1));
        small.accept(reading("two", W0, 1));
        small.accept(reading("one", 5, 1));
        assertThat(small.stats().refusedReadings()).isEqualTo(2);
        assertThat(small.stats().series()).isEqualTo(1);
    }

    @Test
    void saved_states_restored_elsewhere_carry_on_exactly_as_the_original_would() {
        WindowSummaries original = new WindowSummaries(WindowSettings.defaults(), clock);
        original.accept(reading("d1", W0 + 1_000, 20.0));
        original.accept(reading("d1", W0 + 61_000, 21.0));
        original.accept(reading("d1", W0 + 75_000, 22.0)); // closes W0
        original.accept(reading("d1", W0 + 30_000, 5.0)); // late: a pending correction of W0
        original.accept(new Reading("d2", "humidity", W0 + 2_000, 40.0, "%", Quality.GOOD));
        java.util.Map<String, byte[]> saved = original.takeChangedStates();
        assertThat(saved).hasSize(2);
        assertThat(original.takeChangedStates()).as("nothing changed since").isEmpty();

        WindowSummaries restored = new WindowSummaries(WindowSettings.defaults(), clock);
        assertThat(restored.restore(saved)).as("unreadable states").isZero();
        assertThat(restored.stats().openWindows()).isEqualTo(original.stats().openWindows());
        for (WindowSummaries w : List.of(original, restored)) {
            w.accept(reading("d1", W0 + 62_000, 23.0));
        }
        clock.set(W0 + 200_000);
        assertThat(restored.tick()).containsExactlyInAnyOrderElementsOf(original.tick());
    }

    @Test
    void a_damaged_saved_state_is_left_out_and_counted() {
        windows.accept(reading("d1", W0 + 1_000, 20.0));
        java.util.Map<String, byte[]> saved = new java.util.HashMap<>(windows.takeChangedStates());
        byte[] good = saved.values().iterator().next();
        saved.put("cut", java.util.Arrays.copyOf(good, good.length / 2));
        saved.put("version", new byte[] {42});

        WindowSummaries restored = new WindowSummaries(WindowSettings.defaults(), clock);
        assertThat(restored.restore(saved)).isEqualTo(2);
        assertThat(restored.stats().series()).isEqualTo(1);
    }

    @Test
    void forgetting_everything_answers_every_series_key() {
        windows.accept(reading("d1", W0 + 1_000, 20.0));
        windows.accept(reading("d2", W0 + 1_000, 20.0));
        assertThat(windows.forgetAll()).hasSize(2);
        assertThat(windows.stats().series()).isZero();
        assertThat(windows.takeChangedStates()).isEmpty();
    }
}
