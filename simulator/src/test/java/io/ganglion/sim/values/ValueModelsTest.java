package io.ganglion.sim.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ganglion.profiles.model.MetricSpec;
import io.ganglion.profiles.model.MetricType;
import io.ganglion.profiles.model.ValueRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ValueModelsTest {
    private static final long MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    private static final MetricSpec PERCENT = new MetricSpec(MetricType.FLOAT, "%", new ValueRange(0, 100), null,
            null, null);

    private static List<Double> run(ValueSpec spec, MetricSpec metric, long stepMillis, int count) {
        MetricValues values = new MetricValues("m", metric, ValueModels.create(spec, metric), new SplittableRandom(7));
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(values.next(MIDNIGHT + i * stepMillis, i * stepMillis));
        }
        return out;
    }

    @Test
    void a_random_walk_moves_at_most_a_step_and_stays_within_its_bounds() {
        List<Double> walk = run(new ValueSpec(null, new ValueSpec.RandomWalk(50.0, 2.0, 40.0, 60.0), null, null,
                null, null), PERCENT, 1000, 5000);

        assertThat(walk).allSatisfy(v -> assertThat(v).isBetween(40.0, 60.0));
        for (int i = 1; i < walk.size(); i++) {
            assertThat(Math.abs(walk.get(i) - walk.get(i - 1))).isLessThanOrEqualTo(2.0 + 1e-9);
        }
        assertThat(walk.stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isGreaterThan(55);
        assertThat(walk.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isLessThan(45);
    }

    @Test
    void a_daily_cycle_peaks_at_its_time_of_day_and_bottoms_twelve_hours_later() {
        ValueSpec cycle = new ValueSpec(null, null, new ValueSpec.DailyCycle(50.0, 20.0, "08:00", 0.0), null, null,
                null);
        List<Double> hourly = run(cycle, PERCENT, 3_600_000, 24);

        assertThat(hourly.get(8)).isCloseTo(70.0, within(1e-9));
        assertThat(hourly.get(20)).isCloseTo(30.0, within(1e-9));
        assertThat(hourly.get(14)).isCloseTo(50.0, within(1e-9));
        assertThat(hourly).allSatisfy(v -> assertThat(v).isBetween(30.0, 70.0));
    }

    @Test
    void a_daily_cycle_with_noise_stays_within_the_noise() {
        ValueSpec cycle = new ValueSpec(null, null, new ValueSpec.DailyCycle(50.0, 0.0, null, 3.0), null, null,
                null);

        List<Double> values = run(cycle, PERCENT, 1000, 1000);

        assertThat(values).allSatisfy(v -> assertThat(v).isBetween(47.0, 53.0));
        assertThat(values.stream().distinct().count()).isGreaterThan(900);
    }

    @Test
    void bursts_hold_their_level_for_their_length_every_period() {
        ValueSpec bursts = new ValueSpec(null, null, null, new ValueSpec.Bursts(5.0, 80.0, Duration.ofSeconds(60),
                Duration.ofSeconds(10), null), null, null);

        List<Double> values = run(bursts, PERCENT, 1000, 180);

        for (int second = 0; second < 180; second++) {
            assertThat(values.get(second)).as("second " + second).isEqualTo(second % 60 < 10 ? 80.0 : 5.0);
        }
    }

    @Test
    void step_changes_hold_each_value_from_its_time() {
        ValueSpec steps = new ValueSpec(null, null, null, null, List.of(new ValueSpec.Step(Duration.ZERO, 20.0),
                new ValueSpec.Step(Duration.ofMinutes(5), 35.0), new ValueSpec.Step(Duration.ofMinutes(8), 10.0)),
                null);

        List<Double> minutely = run(steps, PERCENT, 60_000, 10);

        assertThat(minutely).containsExactly(20.0, 20.0, 20.0, 20.0, 20.0, 35.0, 35.0, 35.0, 10.0, 10.0);
    }

    @Test
    void steps_out_of_order_are_rejected() {
        assertThatThrownBy(() -> new ValueSpec(null, null, null, null, List.of(
                new ValueSpec.Step(Duration.ofMinutes(5), 1.0), new ValueSpec.Step(Duration.ofMinutes(2), 2.0)),
                null)).hasMessage("steps[1].at: expected a time after the previous step's (5m), got 2m");
    }

    @Test
    void a_constant_is_constant() {
        assertThat(run(ValueSpec.constant(42), PERCENT, 1000, 100)).containsOnly(42.0);
    }

    @Test
    void a_counter_never_goes_down_and_grows_by_its_increment_on_average() {
        MetricSpec parts = new MetricSpec(MetricType.COUNTER, "{parts}", null, null, null, null);
        List<Double> totals = run(new ValueSpec(null, null, null, null, null, new ValueSpec.Counter(100.0, 2.0)),
                parts, 1000, 10_000);

        assertThat(totals.get(0)).isEqualTo(100.0);
        for (int i = 1; i < totals.size(); i++) {
            assertThat(totals.get(i)).isGreaterThanOrEqualTo(totals.get(i - 1));
        }
        assertThat(totals).allSatisfy(v -> assertThat(v).isEqualTo(Math.rint(v)));
        assertThat(totals.get(totals.size() - 1) - 100).isBetween(19_000.0, 21_000.0);
    }

    @Test
    void a_counter_of_energy_keeps_its_fractions() {
        MetricSpec energy = new MetricSpec(MetricType.COUNTER, "kWh", null, null, "Wh", null);
        List<Double> totals = run(new ValueSpec(null, null, null, null, null, new ValueSpec.Counter(10.0, 0.035)),
                energy, 1000, 100);

        assertThat(totals).anySatisfy(v -> assertThat(v).isNotEqualTo(Math.rint(v)));
    }

    @Test
    void values_stay_inside_the_metric_range_whatever_the_model_says() {
        ValueSpec tooHigh = new ValueSpec(null, null, new ValueSpec.DailyCycle(90.0, 50.0, "12:00", 0.0), null, null,
                null);

        assertThat(run(tooHigh, PERCENT, 600_000, 144)).allSatisfy(v -> assertThat(v).isBetween(0.0, 100.0))
                .contains(100.0);
    }

    @Test
    void int_metrics_get_whole_values_and_bool_metrics_zero_or_one() {
        MetricSpec vehicles = new MetricSpec(MetricType.INT, "{vehicles}", new ValueRange(0, 30), null, null, null);
        MetricSpec flag = new MetricSpec(MetricType.BOOL, null, null, null, null, null);
        ValueSpec cycle = new ValueSpec(null, null, new ValueSpec.DailyCycle(6.0, 5.0, "08:00", 3.0), null, null,
                null);

        assertThat(run(cycle, vehicles, 60_000, 1440)).allSatisfy(v -> assertThat(v).isEqualTo(Math.rint(v))
                .isBetween(0.0, 30.0));
        assertThat(run(new ValueSpec(null, null, null, new ValueSpec.Bursts(0.0, 1.0, Duration.ofSeconds(10),
                Duration.ofSeconds(3), null), null, null), flag, 1000, 30)).containsOnly(0.0, 1.0).contains(0.0, 1.0);
    }

    @Test
    void without_a_model_a_metric_walks_around_the_middle_of_its_range() {
        List<Double> values = run(null, PERCENT, 1000, 100);

        assertThat(values.get(0)).isBetween(49.0, 51.0);
        assertThat(values).allSatisfy(v -> assertThat(v).isBetween(0.0, 100.0));
        MetricSpec flag = new MetricSpec(MetricType.BOOL, null, null, null, null, null);
        assertThat(run(null, flag, 1000, 10)).containsOnly(0.0);
    }

    @Test
    void out_of_range_values_are_outside_the_valid_range() {
        MetricValues percent = new MetricValues("m", PERCENT, ValueModels.create(null, PERCENT),
                new SplittableRandom(1));
        MetricValues flag = new MetricValues("f", new MetricSpec(MetricType.BOOL, null, null, null, null, null),
                ValueModels.create(ValueSpec.constant(0), PERCENT), new SplittableRandom(1));
        MetricValues energy = new MetricValues("e", new MetricSpec(MetricType.COUNTER, "kWh", null, null, null,
                null), ValueModels.create(null, PERCENT), new SplittableRandom(1));

        assertThat(percent.outOfRange(true)).isGreaterThan(100);
        assertThat(percent.outOfRange(false)).isLessThan(0);
        assertThat(flag.outOfRange(true)).isNotIn(0.0, 1.0);
        assertThat(energy.canBeOutOfRange()).isFalse();
        assertThat(energy.outOfRange(true)).isNaN();
    }

    @Test
    void the_same_random_stream_gives_the_same_values() {
        ValueSpec walk = new ValueSpec(null, new ValueSpec.RandomWalk(null, null, null, null), null, null, null, null);

        assertThat(run(walk, PERCENT, 1000, 500)).isEqualTo(run(walk, PERCENT, 1000, 500));
    }
}
