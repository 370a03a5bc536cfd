package io.ganglion.runtime.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.store.DetectionRecord;
import io.ganglion.runtime.store.WindowRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows on frame time: counts per class and zone, peaks, closing by a later frame or the clock, late frames. */
class DetectionWindowTest {
    private final DetectionWindow window = new DetectionWindow("cam", 60_000);

    @Test
    void counts_per_class_and_zone_with_the_peak_of_one_frame() {
        window.add(60_000, List.of(car("stop-line"), car(), person()));
        window.add(61_000, List.of(car("stop-line")));
        window.add(62_000, List.of());

        WindowRecord open = window.snapshot();
        assertThat(open.start()).isEqualTo(60_000);
        assertThat(open.end()).isEqualTo(120_000);
        assertThat(open.frames()).isEqualTo(3);
        assertThat(open.detections()).isEqualTo(4);
        assertThat(open.counts()).containsExactly(
                new WindowRecord.Count("car", null, 3, 2),
                new WindowRecord.Count("car", "stop-line", 2, 1),
                new WindowRecord.Count("person", null, 1, 1));
        assertThat(open.counts().get(0).mean(open.frames())).isEqualTo(1.0);
    }

    @Test
    void a_frame_after_the_end_closes_the_window_and_opens_its_own() {
        window.add(60_500, List.of(car()));

        DetectionWindow.Added added = window.add(185_000, List.of(person()));

        assertThat(added.closed().start()).isEqualTo(60_000);
        assertThat(added.closed().frames()).isEqualTo(1);
        assertThat(window.snapshot().start()).isEqualTo(180_000);
        assertThat(window.snapshot().counts()).extracting(WindowRecord.Count::label).containsExactly("person");
    }

    @Test
    void a_frame_older_than_the_open_window_is_late_and_not_counted() {
        window.add(125_000, List.of(car()));

        DetectionWindow.Added late = window.add(119_999, List.of(car()));

        assertThat(late.late()).isTrue();
        assertThat(window.snapshot().frames()).isEqualTo(1);
    }

    @Test
    void the_clock_closes_a_window_only_after_its_end_and_the_grace() {
        window.add(0, List.of(car()));

        assertThat(window.closeIfOver(64_999, 5_000)).isNull();
        assertThat(window.closeIfOver(65_000, 5_000).frames()).isEqualTo(1);
        assertThat(window.snapshot()).isNull();
        assertThat(window.flush()).isNull();
    }

    private static DetectionRecord car(String... zones) {
        return new DetectionRecord(0, "cam", 0, "m", 2, "car", 0.9f, 0, 0, 10, 10, 100, 100, List.of(zones), null);
    }

    private static DetectionRecord person() {
        return new DetectionRecord(0, "cam", 0, "m", 0, "person", 0.9f, 0, 0, 10, 10, 100, 100, List.of(), null);
    }
}
