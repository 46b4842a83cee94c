package org.transferlab.plot;

import java.util.ArrayList;
import java.util.List;
import org.transferlab.protocol.result.ResultRow;

/**
 * Positions along the x axis of a sweep chart. Numeric sweep values are positions themselves; a sweep
 * over names (an activation, a task type) puts its values side by side in sweep order instead.
 */
final class XValues {
    private final Variable variable;
    /** The distinct values in order of appearance, or null for a numeric axis. */
    private final List<String> categories;
    private final List<ResultRow> rows;

    private XValues(Variable variable, List<String> categories, List<ResultRow> rows) {
        this.variable = variable;
        this.categories = categories;
        this.rows = rows;
    }

    static XValues of(Variable variable, List<ResultRow> rows) {
        boolean numeric = rows.stream().map(variable::value).allMatch(v -> v == null || v instanceof Number);
        if (numeric) {
            return new XValues(variable, null, rows);
        }
        List<String> categories = new ArrayList<>();
        for (ResultRow r : rows) {
            Object v = variable.value(r);
            if (v != null && !categories.contains(Variable.format(v))) {
                categories.add(Variable.format(v));
            }
        }
        return new XValues(variable, categories, rows);
    }

    /** The row's position, NaN when it has no value for the variable. */
    double of(ResultRow row) {
        if (categories == null) {
            return variable.number(row);
        }
        Object v = variable.value(row);
        return v == null ? Double.NaN : categories.indexOf(Variable.format(v));
    }

    /** The axis over every row's position (rows whose loss is missing count too: they were computed). */
    Axis axis() {
        if (categories != null) {
            return Axis.categorical(variable.label(), categories);
        }
        return Axis.fit(variable.label(), rows.stream().map(this::of).toList(), List.of());
    }
}
