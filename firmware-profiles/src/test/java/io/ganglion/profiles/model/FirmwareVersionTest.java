package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FirmwareVersionTest {
    private static FirmwareVersion v(String text) {
        return FirmwareVersion.of(text);
    }

    @ParameterizedTest
    @CsvSource({
        "2.9, 2.10", "1.0, 1.0.1", "1.9.9, 2", "3.0-rc1, 3.0", "3.0-alpha, 3.0-beta", "3.0-rc.2, 3.0-rc.10",
        "3.0-1, 3.0-rc", "3.0-rc, 3.0-rc.1", "v1.4, 1.5", "0.9-rc1, 0.9.0.1"
    })
    void orders_versions_numerically_with_pre_releases_first(String lower, String higher) {
        assertThat(v(lower)).isLessThan(v(higher));
        assertThat(v(higher)).isGreaterThan(v(lower));
    }

    @ParameterizedTest
    @CsvSource({"2, 2.0.0", "v1.4, 1.4", "2.1.0+g1a2b3c, 2.1", "3.0-rc.01, 3.0-rc.1"})
    void versions_that_differ_only_in_spelling_are_equal(String a, String b) {
        assertThat(v(a)).isEqualTo(v(b)).hasSameHashCodeAs(v(b));
        assertThat(v(a).compareTo(v(b))).isZero();
    }

    @Test
    void keeps_the_text_as_written() {
        assertThat(v(" v2.1.0+build7 ")).hasToString("v2.1.0+build7");
        assertThat(v("3.0-rc1").isPreRelease()).isTrue();
        assertThat(v("3.0").isPreRelease()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two", "2.", ".2", "2..1", "2.x", "-rc1", "2-", "2-rc..1", "1.2.3.4.5.6.7.8.9.10.11.a",
        "99999999999"})
    void rejects_text_that_is_not_a_version_naming_the_key(String text) {
        assertThatThrownBy(() -> FirmwareVersion.parse("firmware", text))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("firmware: expected a firmware version such as 2.1.0");
    }
}
