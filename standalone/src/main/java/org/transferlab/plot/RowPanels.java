package org.transferlab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;

/**
 * Panels that draw one series per row (a curve or a density the row carries), for every row that has
 * one: grouped by condition (protocol and swept values) and method, in the colour of their condition,
 * split per protocol on shared axes when there are more than {@link SweepPanels#MAX_SERIES_PER_PANEL}.
 */
final class RowPanels {
    /** What a family of per-row panels draws and how. */
    interface Kind {
        boolean has(ResultRow row);

        Series series(SeriesKey key, ResultRow row, String colour);

        /** File-name parts before the protocol, e.g. ("test-loss-vs", "steps"). */
        String[] fileStem();

        /** e.g. "test loss vs gradient-flow time". */
        String subtitle();

        Axis xAxis(List<Series> all);

        Axis yAxis(List<Series> all);
    }

    private RowPanels() {
    }

    static List<Panel> build(JobResult result, String title, Kind kind) {
        List<ResultRow> rows = result.rows() == null ? List.of() : result.rows().stream().filter(kind::has).toList();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<Object>> sweep = result.spec() == null ? null : result.spec().sweep();
        List<Variable> vars = sweep == null ? List.of()
                : sweep.keySet().stream().map(k -> Variable.of(k, rows)).toList();
        Function<ResultRow, List<String>> terms = r -> vars.stream().map(v -> v.term(r)).toList();

        Map<SeriesKey, List<ResultRow>> groups = SeriesKey.group(rows, terms);
        Map<String, List<SeriesKey>> split = SeriesKey.panels(new ArrayList<>(groups.keySet()),
                SweepPanels.MAX_SERIES_PER_PANEL);
        Map<String, List<Series>> shown = new LinkedHashMap<>();
        for (Map.Entry<String, List<SeriesKey>> panel : split.entrySet()) {
            Palette palette = new Palette();
            List<Series> series = new ArrayList<>();
            for (SeriesKey key : panel.getValue()) {
                // One row per key in a sound result; should a key repeat, every row is still drawn.
                for (ResultRow row : groups.get(key)) {
                    series.add(kind.series(key, row, palette.colour(key.condition())));
                }
            }
            shown.put(panel.getKey(), series);
        }
        List<Series> all = shown.values().stream().flatMap(List::stream).toList();
        Axis xAxis = kind.xAxis(all);
        Axis yAxis = kind.yAxis(all);

        List<Panel> panels = new ArrayList<>();
        shown.forEach((protocol, series) -> panels.add(new Panel(fileName(kind.fileStem(), protocol), title,
                kind.subtitle() + (protocol == null ? "" : ", protocol " + protocol), xAxis, yAxis, series)));
        return panels;
    }

    private static String fileName(String[] stem, String protocol) {
        if (protocol == null) {
            return Panel.fileName(stem);
        }
        String[] parts = java.util.Arrays.copyOf(stem, stem.length + 1);
        parts[stem.length] = protocol;
        return Panel.fileName(parts);
    }
}
