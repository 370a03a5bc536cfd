package io.ganglion.profiles.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueSyntaxTest {
    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S", "2s, PT2S", "5m, PT5M", "1h, PT1H", "7d, PT168H", "0s, PT0S",
        "'10 s', PT10S", "PT5S, PT5S", "P1DT2H, PT26H", "pt1m, PT1M", "2S, PT2S"
    })
    void reads_durations_with_a_unit_or_in_iso_8601(String text, Duration expected) {
        assertThat(DurationSyntax.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "", "s", "-1s", "1.5s", "5 parsecs", "1h30m", "P", "99999999999999999999d",
        "9999999999999999d"})
    void rejects_durations_it_cannot_read_exactly(String text) {
        assertThatThrownBy(() -> DurationSyntax.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected " + DurationSyntax.EXPECTATION);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0", "65536, 65536", "512KiB, 524288", "64MiB, 67108864", "1GiB, 1073741824", "2TiB, 2199023255552",
        "1KB, 1000", "64MB, 64000000", "1GB, 1000000000", "'10 B', 10", "64mib, 67108864"
    })
    void reads_byte_sizes_in_binary_and_decimal_units(String text, long expected) {
        assertThat(ByteSizeSyntax.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "KiB", "1.5GiB", "-1", "10 furlongs", "9999999999TiB", "1 Ki B"})
    void rejects_byte_sizes_it_cannot_read_exactly(String text) {
        assertThatThrownBy(() -> ByteSizeSyntax.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected " + ByteSizeSyntax.EXPECTATION);
    }
}
