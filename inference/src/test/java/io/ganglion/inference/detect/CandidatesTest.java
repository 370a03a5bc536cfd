package io.ganglion.inference.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.inference.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidatesTest {
    @Test
    void suppressesOverlapsWithinAClassOnlyAndClipsToTheFrame() {
        Candidates candidates = new Candidates();
        candidates.add(0, 0.6f, 10, 10, 110, 110);
        candidates.add(0, 0.9f, 12, 12, 112, 112);   // same car, better score: kept, the other suppressed
        candidates.add(1, 0.5f, 12, 12, 112, 112);   // same place, another class: kept
        candidates.add(0, 0.4f, 300, 300, 700, 700); // elsewhere: kept, clipped to 640x480
        List<Detection> kept = candidates.suppress(0.45f, List.of("car", "truck"), 640, 480);
        assertThat(kept).extracting(Detection::label, Detection::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("car", 0.9f),
                        org.assertj.core.groups.Tuple.tuple("truck", 0.5f),
                        org.assertj.core.groups.Tuple.tuple("car", 0.4f));
        assertThat(kept.get(2).x2()).isEqualTo(640);
        assertThat(kept.get(2).y2()).isEqualTo(480);
    }

    @Test
    void growsBeyondItsInitialCapacityAndSortsManyScores() {
        Candidates candidates = new Candidates();
        for (int i = 0; i < 1000; i++) {
            candidates.add(i % 80, (i * 7919 % 1000) / 1000f, i * 20, 0, i * 20 + 10, 10);
        }
        List<Detection> kept = candidates.suppress(0.45f, List.of(), 100_000, 100);
        assertThat(kept).hasSize(1000);
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i).score()).isLessThanOrEqualTo(kept.get(i - 1).score());
        }
        assertThat(kept.get(0).label()).startsWith("class-");
    }
}
