package io.ganglion.cloud.sync;

import io.ganglion.cloud.sync.DetectionWindows.Seen;
import io.ganglion.cloud.wire.DetectionCount;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DetectionWindowsTest {
    private static final long W0 = 1_795_000_020_000L - 1_795_000_020_000L % 60_000;
    private final MutableClock clock = new MutableClock(W0);
    private final DetectionWindows windows = new DetectionWindows(WindowSettings.defaults(), clock);

    @Test
    void counts_per_camera_class_and_zone_close_on_event_time() {
        windows.acceptFrame("cam-1", W0 + 1_000, List.of(new Seen("car", "lane-1", 2), new Seen("person", "", 1)));
        windows.acceptFrame("cam-1", W0 + 2_000, List.of(new Seen("car", "lane-1", 3), new Seen("car", "lane-2", 1)));
        windows.acceptFrame("cam-1", W0 + 3_000, List.of());
        assertThat(windows.acceptFrame("cam-1", W0 + 65_000, List.of())).isEmpty();
        List<DetectionCount> closed = windows.acceptFrame("cam-1", W0 + 70_000, List.of());
        assertThat(closed).extracting(DetectionCount::className, DetectionCount::zone, DetectionCount::frames,
                DetectionCount::detections, DetectionCount::peak).containsExactly(
                tuple("car", "lane-1", 3L, 5L, 3L), tuple("car", "lane-2", 3L, 1L, 1L),
                tuple("person", "", 3L, 1L, 1L));
    }

    @Test
    void a_late_frame_is_counted_and_sent_as_a_correction() {
        windows.acceptFrame("cam-1", W0 + 1_000, List.of(new Seen("car", "", 1)));
        assertThat(windows.acceptFrame("cam-1", W0 + 80_000, List.of())).hasSize(1);
        windows.acceptFrame("cam-1", W0 + 30_000, List.of(new Seen("car", "", 4)));
        assertThat(windows.stats().lateFrames()).isEqualTo(1);
        assertThat(windows.tick()).extracting(DetectionCount::windowStart, DetectionCount::frames,
                DetectionCount::detections).containsExactly(tuple(W0, 1L, 4L));
    }

    @Test
    void a_silent_camera_s_window_closes_by_the_wall_clock() {
        windows.acceptFrame("cam-2", W0 + 1_000, List.of(new Seen("bus", "", 1)));
        clock.set(W0 + 70_000);
        assertThat(windows.tick()).extracting(DetectionCount::device).containsExactly("cam-2");
    }
}
