package org.transferlab.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;

/**
 * Test loss against a swept parameter: the data sizes the paper draws against when they are swept
 * (target.samples as nu2, then source.samples as nu1), otherwise the first swept key. The sweep's key
 * order cannot choose: specs travel in canonical form, keys sorted. Every other swept parameter, the protocol and the
 * method tell series apart; infinite-width predictions (theory, kernel) are lines, finite-width
 * simulations are points with standard-error bars, and a theory line and the simulation it predicts
 * share a colour. Up to {@link #MAX_SERIES_PER_PANEL} series share one chart; beyond that there is one
 * chart per protocol, all on the same axes so the protocols can still be compared by eye.
 */
final class SweepPanels {
    static final int MAX_SERIES_PER_PANEL = 8;
    /** Swept keys drawn on the x axis when present, in this order of preference. */
    private static final List<String> X_PREFERENCE = List.of("target.samples", "source.samples");

    private SweepPanels() {
    }

    static List<Panel> build(JobResult result, String title) {
        Map<String, List<Object>> sweep = result.spec() == null ? null : result.spec().sweep();
        if (sweep == null || sweep.isEmpty() || result.rows() == null || result.rows().isEmpty()) {
            return List.of();
        }
        List<ResultRow> rows = result.rows();
        List<String> keys = new ArrayList<>(sweep.keySet());
        String xKey = X_PREFERENCE.stream().filter(keys::contains).findFirst().orElse(keys.get(0));
        keys.remove(xKey);
        Variable x = Variable.of(xKey, rows);
        List<Variable> others = keys.stream().map(k -> Variable.of(k, rows)).toList();
        XValues xValues = XValues.of(x, rows);

        Map<SeriesKey, List<ResultRow>> groups = SeriesKey.group(rows,
                r -> others.stream().map(v -> v.term(r)).toList());
        Map<String, List<SeriesKey>> split = SeriesKey.panels(new ArrayList<>(groups.keySet()), MAX_SERIES_PER_PANEL);
        Map<String, List<Series>> shown = new LinkedHashMap<>();
        for (Map.Entry<String, List<SeriesKey>> panel : split.entrySet()) {
            // A palette per chart: its series get the most distinct colours, whatever the other charts show.
            Palette palette = new Palette();
            shown.put(panel.getKey(), panel.getValue().stream()
                    .map(k -> series(k, groups.get(k), xValues, palette.colour(k.condition()))).toList());
        }
        Axis xAxis = xValues.axis();
        Axis yAxis = Axes.loss(shown.values().stream().flatMap(List::stream).toList());

        List<Panel> panels = new ArrayList<>();
        shown.forEach((protocol, series) -> panels.add(new Panel(
                protocol == null ? Panel.fileName("test-loss-vs", x.symbol())
                        : Panel.fileName("test-loss-vs", x.symbol(), protocol),
                title, "test loss vs " + x.label() + (protocol == null ? "" : ", protocol " + protocol),
                xAxis, yAxis, series)));
        return panels;
    }

    private static Series series(SeriesKey key, List<ResultRow> rows, XValues xValues, String colour) {
        List<Series.DataPoint> points = rows.stream()
                .map(r -> new Series.DataPoint(xValues.of(r), Series.DataPoint.valueOf(r.testLoss()),
                        Series.DataPoint.valueOf(r.testLossStdErr())))
                .filter(p -> !Double.isNaN(p.x()))
                .sorted(Comparator.comparingDouble(Series.DataPoint::x))
                .toList();
        if ("simulation".equals(key.method())) {
            return new Series(key.label(), colour, Series.Stroke.NONE, Series.Marker.CIRCLE, Series.Errors.BARS,
                    points);
        }
        // A line through fewer than two points is invisible: mark such a point instead.
        long drawable = points.stream().filter(p -> Double.isFinite(p.y())).count();
        Series.Stroke stroke = switch (key.method()) {
            case "kernel" -> Series.Stroke.DASHED;
            case "bayes" -> Series.Stroke.DOTTED;
            default -> Series.Stroke.SOLID;
        };
        return new Series(key.label(), colour, stroke, drawable < 2 ? Series.Marker.SQUARE : Series.Marker.NONE,
                Series.Errors.BARS, points);
    }
}
