package org.transferlab.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * What tells one series from another: the protocol, the swept values that are not on the x axis
 * (as legend terms such as "alpha_s=0.5") and the method. Terms are compared as text, so a value read
 * back as 40 and one written as 40.0 are the same series.
 */
record SeriesKey(String protocol, List<String> terms, String method) {

    /** The experimental condition: series of the same condition share a colour and differ by method style. */
    record Condition(String protocol, List<String> terms) {
    }

    Condition condition() {
        return new Condition(protocol, terms);
    }

    /** "finetune, theory, alpha_s=0.5" */
    String label() {
        List<String> parts = new ArrayList<>();
        parts.add(protocol);
        parts.add(method);
        parts.addAll(terms);
        return String.join(", ", parts);
    }

    /**
     * Rows grouped into series, ordered by protocol (scratch, finetune, joint), then by the sweep order
     * of the other values (first appearance in the rows, which follow the grid), then by method
     * (theory, kernel, simulation), so that a legend reads like a table.
     */
    static Map<SeriesKey, List<ResultRow>> group(List<ResultRow> rows, Function<ResultRow, List<String>> terms) {
        Map<SeriesKey, List<ResultRow>> groups = new LinkedHashMap<>();
        Map<List<String>, Integer> appearance = new HashMap<>();
        for (ResultRow row : rows) {
            List<String> t = List.copyOf(terms.apply(row));
            appearance.putIfAbsent(t, appearance.size());
            groups.computeIfAbsent(new SeriesKey(String.valueOf(row.protocol()), t, String.valueOf(row.method())),
                    k -> new ArrayList<>()).add(row);
        }
        Comparator<SeriesKey> order = Comparator
                .comparingInt((SeriesKey k) -> rank(ExperimentSpec.PROTOCOLS, k.protocol()))
                .thenComparing(SeriesKey::protocol)
                .thenComparingInt(k -> appearance.get(k.terms()))
                .thenComparingInt(k -> rank(ExperimentSpec.METHODS, k.method()))
                .thenComparing(SeriesKey::method);
        Map<SeriesKey, List<ResultRow>> sorted = new LinkedHashMap<>();
        groups.keySet().stream().sorted(order).forEach(k -> sorted.put(k, groups.get(k)));
        return sorted;
    }

    /** Position in the documented order; unknown names after the known ones. */
    static int rank(List<String> known, String name) {
        int i = known.indexOf(name);
        return i < 0 ? known.size() : i;
    }

    /**
     * Splits the series into one list per protocol when there are too many for one readable chart and
     * more than one protocol; otherwise one list holding all, under the key null.
     */
    static Map<String, List<SeriesKey>> panels(List<SeriesKey> keys, int maxSeriesPerPanel) {
        Map<String, List<SeriesKey>> byProtocol = new LinkedHashMap<>();
        keys.forEach(k -> byProtocol.computeIfAbsent(k.protocol(), p -> new ArrayList<>()).add(k));
        Map<String, List<SeriesKey>> panels = new LinkedHashMap<>();
        if (keys.size() <= maxSeriesPerPanel || byProtocol.size() < 2) {
            panels.put(null, keys);
            return panels;
        }
        return byProtocol;
    }
}
