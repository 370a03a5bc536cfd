package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
    @ParameterizedTest
    @CsvSource({
        "hPa, Pa, 1013.25, 101325", "kPa, hPa, 101.325, 1013.25", "[degF], Cel, 212, 100", "[degF], Cel, -40, -40",
        "Cel, K, 21.5, 294.65", "K, [degF], 0, -459.67", "mV, V, 3300, 3.3", "mA, A, 250, 0.25",
        "kWh, Wh, 1.5, 1500", "Wh, J, 1, 3600", "km/h, m/s, 36, 10", "mg/m3, ug/m3, 0.035, 35",
        "[g], m/s2, 1, 9.80665", "%, 1, 50, 0.5", "[ppm], [ppb], 1, 1000", "/min, Hz, 120, 2",
        "{pulses}/min, {pulses}/s, 60, 1", "ms, s, 250, 0.25", "Cel, Cel, 21.5, 21.5"
    })
    void converts_linearly_between_units_of_one_quantity(String from, String to, double value, double expected) {
        UnitConversion conversion = Units.conversion(from, to);
        assertThat(conversion.apply(value)).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
        assertThat(conversion.invert(conversion.apply(value))).isCloseTo(value, within(1e-9 * Math.max(1, value)));
    }

    @Test
    void the_same_unit_converts_by_identity() {
        assertThat(Units.conversion("Pa", "Pa").isIdentity()).isTrue();
        assertThat(Units.conversion("hPa", "Pa").isIdentity()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Cel", "%", "[ppb]", "ug/m3", "mm/s", "{vehicles}", "{frames}/s", "{count}", "1"})
    void knows_ucum_codes_and_annotated_counts(String code) {
        assertThat(Units.isKnown(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cel", "degC", "°C", "PSI", "{unclosed", "{a}{b", "}x{", "{{x}}", "furlong"})
    void does_not_know_misspelt_or_foreign_codes(String code) {
        assertThat(Units.isKnown(code)).isFalse();
        assertThatThrownBy(() -> Units.conversion(code, "Cel")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown unit '" + code + "'").hasMessageContaining("docs/profiles.md");
    }

    @Test
    void annotations_count_as_plain_numbers_and_rates() {
        assertThat(Units.quantityOf("{vehicles}")).isEqualTo("ratio");
        assertThat(Units.quantityOf("{frames}/s")).isEqualTo("frequency");
    }

    @ParameterizedTest
    @CsvSource({"V, Cel, electric potential, temperature", "[ppb], ug/m3, ratio, mass concentration",
        "W, Wh, power, energy", "[g], mm/s, acceleration, speed"})
    void refuses_to_convert_between_quantities(String from, String to, String fromQuantity, String toQuantity) {
        assertThatThrownBy(() -> Units.conversion(from, to)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot convert " + from + " (" + fromQuantity + ") to " + to + " (" + toQuantity + ")");
    }
}
