package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FirmwareRangeTest {
    private static FirmwareRange range(String text) {
        return FirmwareRange.parse("firmware", text);
    }

    @ParameterizedTest
    @CsvSource({
        "'>=2.0 <3', 2.0, true", "'>=2.0 <3', 2.99.1, true", "'>=2.0 <3', 3.0, false", "'>=2.0 <3', 1.9, false",
        "'>=2.0 <3', 3.0-rc1, true", "'>2 <=2.5', 2, false", "'>2 <=2.5', 2.5.0, true", "'=1.4.2', 1.4.2, true",
        "'=1.4.2', 1.4.3, false", "1.4.2, 1.4.2, true", "'*', 0.0.1, true", "'<1', 0.9-beta, true",
        "'>=1  >=1.2', 1.1, false", "'<3 <2', 2.5, false"
    })
    void contains_the_versions_that_satisfy_every_comparator(String text, String version, boolean expected) {
        assertThat(range(text).contains(FirmwareVersion.of(version))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "'>=1 <2', '>=2 <3', false", "'>=1 <=2', '>=2 <3', true", "'<2', '>2', false", "'*', '=5', true",
        "'>=1 <2', '>=1.5', true", "'=2', '>=2.0.0 <2.1', true", "'>=2 <3', '<2.0.0', false"
    })
    void overlaps_when_some_version_satisfies_both(String a, String b, boolean expected) {
        assertThat(range(a).overlaps(range(b))).isEqualTo(expected);
        assertThat(range(b).overlaps(range(a))).isEqualTo(expected);
    }

    @Test
    void keeps_the_text_and_compares_by_meaning() {
        assertThat(range(" >=2.0   <3 ")).hasToString(">=2.0   <3");
        assertThat(range(">=2.0 <3")).isEqualTo(range("<3.0 >=2")).hasSameHashCodeAs(range("<3.0 >=2"));
        assertThat(range("*")).isSameAs(FirmwareRange.ANY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", ">=", ">=2.0 <", "~2", "2.x", ">= 2", "=>2", "<<2"})
    void rejects_text_that_is_not_a_range_naming_the_key(String text) {
        assertThatThrownBy(() -> range(text))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("firmware: expected a firmware range");
    }

    @ParameterizedTest
    @ValueSource(strings = {">=3 <2", ">2 <2", ">=2 <2.0.0", "=1 =2"})
    void rejects_ranges_no_version_satisfies(String text) {
        assertThatThrownBy(() -> range(text))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("firmware: expected a firmware range that some version satisfies, got '" + text + "'");
    }
}
