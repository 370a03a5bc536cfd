package io.ganglion.runtime.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Zone membership by the bottom-centre point of a box, in fractions of the frame. */
class ZoneTest {
    private final Zone stopLine = Zone.of("stop-line",
            List.of(List.of(0.05, 0.62), List.of(0.95, 0.62), List.of(0.95, 0.74), List.of(0.05, 0.74)));
    private final Zone triangle = Zone.of("triangle", List.of(List.of(0.0, 0.0), List.of(1.0, 0.0), List.of(0.0, 1.0)));

    @Test
    void a_box_is_in_a_zone_when_its_bottom_centre_is() {
        // 1920x1080: a car whose wheels stand at y = 740 px (0.685) is on the stop line, wherever its roof is.
        assertThat(stopLine.containsFootOf(800, 1000, 740, 1920, 1080)).isTrue();
        assertThat(stopLine.containsFootOf(800, 1000, 600, 1920, 1080)).isFalse();
        // Centre x = 50 px (0.026): left of the zone.
        assertThat(stopLine.containsFootOf(0, 100, 740, 1920, 1080)).isFalse();
    }

    @Test
    void polygons_need_not_be_rectangles() {
        assertThat(triangle.contains(0.2, 0.2)).isTrue();
        assertThat(triangle.contains(0.8, 0.8)).isFalse();
    }
}
