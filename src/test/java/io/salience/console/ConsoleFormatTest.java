package io.salience.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleFormatTest {

    private final ConsoleFormat format = new ConsoleFormat();

    @Test
    void ratesHaveThreeSignificantDigitsAndNoExponent() {
        assertThat(format.rate(0.001)).isEqualTo("0.001");
        assertThat(format.rate(9.046039886902864E-4)).isEqualTo("0.000905");
        assertThat(format.rate(9.639601130971382E-5)).isEqualTo("0.0000964");
        assertThat(format.rate(1e-6)).isEqualTo("0.000001");
        assertThat(format.rate(0.25)).isEqualTo("0.25");
        assertThat(format.rate(Double.NaN)).isEqualTo("NaN");
    }
}
