package io.salience.console;

import java.math.BigDecimal;
import java.math.MathContext;
import org.springframework.stereotype.Component;

/** Number formats the console's templates share, as {@code @consoleFormat}. */
@Component("consoleFormat")
public class ConsoleFormat {

    /**
     * A learning rate to three significant digits, without an exponent: 0.001, 0.000905,
     * 0.0000964 (a cosine's rates are not round numbers).
     */
    public String rate(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
