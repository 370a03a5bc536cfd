package io.ganglion.inference.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text boxes from synthetic probability maps: what the DB post-processing keeps, grows and drops. */
class PpOcrTextRegionsTest {
    private static FloatBuffer map(int width, int height) {
        return FloatBuffer.allocate(width * height);
    }

    private static void fill(FloatBuffer map, int width, int x1, int y1, int x2, int y2, float p) {
        for (int y = y1; y <= y2; y++) {
            for (int x = x1; x <= x2; x++) {
                map.put(y * width + x, p);
            }
        }
    }

    @Test
    void a_region_is_grown_by_the_unclip_distance_and_scaled_to_the_frame() {
        FloatBuffer map = map(64, 32);
        fill(map, 64, 10, 10, 30, 14, 0.9f);

        List<TextBox> boxes = new TextRegions().find(map, 64, 32, 128, 64);

        // w = 20, h = 4 between pixel centres: d = 20 * 4 * 1.5 / (2 * 24) = 2.5; the frame is twice the map.
        assertThat(boxes).hasSize(1);
        TextBox box = boxes.get(0);
        assertThat(box.x1()).isCloseTo(2 * 7.5f, within(1e-4f));
        assertThat(box.x2()).isCloseTo(2 * 32.5f, within(1e-4f));
        assertThat(box.y1()).isCloseTo(2 * 7.5f, within(1e-4f));
        assertThat(box.y2()).isCloseTo(2 * 16.5f, within(1e-4f));
        assertThat(box.score()).isCloseTo(0.9f, within(1e-4f));
    }

    @Test
    void a_faint_region_a_thin_region_and_a_speck_are_dropped() {
        FloatBuffer map = map(64, 32);
        fill(map, 64, 2, 2, 30, 8, 0.5f);    // above the pixel threshold, below the box threshold
        fill(map, 64, 2, 20, 40, 22, 0.95f); // 3 pixels high: 2 between centres, under the minimum of 3
        fill(map, 64, 50, 2, 50, 2, 1f);     // one pixel

        assertThat(new TextRegions().find(map, 64, 32, 64, 32)).isEmpty();
    }

    @Test
    void regions_touching_diagonally_are_one_and_separate_ones_are_two() {
        FloatBuffer map = map(64, 32);
        fill(map, 64, 2, 2, 12, 8, 0.9f);
        fill(map, 64, 13, 9, 23, 15, 0.9f);  // touches the first at a corner
        fill(map, 64, 40, 20, 60, 28, 0.9f);

        assertThat(new TextRegions().find(map, 64, 32, 64, 32)).hasSize(2);
    }

    @Test
    void a_map_that_is_all_text_is_one_box_clipped_to_the_frame() {
        int side = 960;
        FloatBuffer map = map(side, side);
        fill(map, side, 0, 0, side - 1, side - 1, 1f);

        List<TextBox> boxes = new TextRegions().find(map, side, side, 640, 640);

        assertThat(boxes).containsExactly(new TextBox(0, 0, 640, 640, 1f));
    }

    @Test
    void nothing_of_a_larger_map_is_left_over_for_a_smaller_one() {
        TextRegions regions = new TextRegions();
        FloatBuffer large = map(128, 64);
        fill(large, 128, 10, 10, 100, 50, 0.9f);
        assertThat(regions.find(large, 128, 64, 128, 64)).hasSize(1);

        assertThat(regions.find(map(32, 32), 32, 32, 32, 32)).isEmpty();
    }

    @Test
    void boxes_read_top_to_bottom_and_left_to_right_within_a_line() {
        List<TextBox> boxes = new ArrayList<>(List.of(
                new TextBox(300, 104, 380, 120, 1),   // second word of the first line, a few pixels higher
                new TextBox(10, 200, 80, 220, 1),      // second line
                new TextBox(100, 108, 280, 124, 1)));  // first word of the first line

        assertThat(TextRegions.readingOrder(boxes)).extracting(TextBox::x1).containsExactly(100f, 300f, 10f);
    }
}
