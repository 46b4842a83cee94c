package org.transferlab.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.result.ResultRow;

/**
 * A swept spec path as a plot shows it: the paper's symbol (nu2, alpha_s, ...) and where a row's value
 * comes from. Sample counts are shown as the ratios nu = P / D the theory is written in, read from the
 * row's derived {@code nu1}/{@code nu2} when every row has one, and as raw counts otherwise.
 *
 * @param key     the spec path, e.g. "target.samples"
 * @param symbol  short name used in legends and file names, e.g. "nu2"
 * @param label   axis label, e.g. "nu2 = P2/D"
 * @param source  the point entry holding the value: the derived ratio's name, or the key itself
 */
record Variable(String key, String symbol, String label, String source) {

    /** Paper symbols of parameters that are not derived ratios. */
    private static final Map<String, String> SYMBOLS = Map.of(
            "target.task.alignment", "alpha_s",
            "target.task.noiseAlignment", "alpha_g",
            "source.gamma", "gamma1",
            "target.gamma", "gamma2");

    /** Sample counts and the ratio (derived point entry, symbol, raw symbol) that replaces them. */
    private static final Map<String, List<String>> RATIOS = Map.of(
            "target.samples", List.of("nu2", "nu2 = P2/D", "P2"),
            "source.samples", List.of("nu1", "nu1 = P1/D", "P1"));

    static Variable of(String key, List<ResultRow> rows) {
        List<String> ratio = RATIOS.get(key);
        if (ratio != null) {
            String derived = ratio.get(0);
            boolean everyRowHasIt = !rows.isEmpty() && rows.stream()
                    .allMatch(r -> r.point() != null && r.point().get(derived) instanceof Number);
            return everyRowHasIt
                    ? new Variable(key, derived, ratio.get(1), derived)
                    : new Variable(key, ratio.get(2), ratio.get(2) + " (" + key + ")", key);
        }
        String symbol = SYMBOLS.get(key);
        return symbol == null ? new Variable(key, key, key, key) : new Variable(key, symbol, symbol + " (" + key + ")", key);
    }

    /** The row's raw value (Number, String, ...), or null when it has none. */
    Object value(ResultRow row) {
        return row.point() == null ? null : row.point().get(source);
    }

    /** The value as a number for plotting: NaN when absent or not numeric. */
    double number(ResultRow row) {
        return value(row) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** "alpha_s=0.5", for legends. */
    String term(ResultRow row) {
        return symbol + "=" + format(value(row));
    }

    /** Compact text for a swept value: integers without ".0", other numbers to 4 significant digits. */
    static String format(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return Double.toString(d);
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            String s = new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toString();
            return s.replace("E", "e").replace("e+", "e");
        }
        return String.valueOf(v);
    }
}
