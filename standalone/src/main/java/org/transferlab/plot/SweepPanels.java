package org.transferlab.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;

/**
 * Test loss against the first swept parameter. Every other swept parameter, the protocol and the
 * method tell series apart; infinite-width predictions (theory, kernel) are lines, finite-width
 * simulations are points with standard-error bars, and a theory line and the simulation it predicts
 * share a colour. Up to {@link #MAX_SERIES_PER_PANEL} series share one chart; beyond that there is one
 * chart per protocol, all on the same axes so the protocols can still be compared by eye.
 */
final class SweepPanels {
    static final int MAX_SERIES_PER_PANEL = 8;

    private SweepPanels() {
    }

    static List<Panel> build(JobResult result, String title) {
        Map<String, List<Object>> sweep = result.spec() == null ? null : result.spec().sweep();
        if (sweep == null || sweep.isEmpty() || result.rows() == null || result.rows().isEmpty()) {
            return List.of();
        }
        List<ResultRow> rows = result.rows();
        List<Variable> vars = sweep.keySet().stream().map(k -> Variable.of(k, rows)).toList();
        Variable x = vars.get(0);
        List<Variable> others = vars.subList(1, vars.size());
        XValues xValues = XValues.of(x, rows);

        Map<SeriesKey, List<ResultRow>> groups = SeriesKey.group(rows,
                r -> others.stream().map(v -> v.term(r)).toList());
        Palette palette = new Palette();
        List<Series> all = new ArrayList<>();
        for (Map.Entry<SeriesKey, List<ResultRow>> e : groups.entrySet()) {
            all.add(series(e.getKey(), e.getValue(), xValues, palette.colour(e.getKey().condition())));
        }
        Axis xAxis = xValues.axis();
        Axis yAxis = Axes.loss(all);

        List<SeriesKey> keys = new ArrayList<>(groups.keySet());
        List<Panel> panels = new ArrayList<>();
        for (Map.Entry<String, List<SeriesKey>> panel : SeriesKey.panels(keys, MAX_SERIES_PER_PANEL).entrySet()) {
            String protocol = panel.getKey();
            List<Series> shown = panel.getValue().stream().map(k -> all.get(keys.indexOf(k))).toList();
            String file = protocol == null ? Panel.fileName("test-loss-vs", x.symbol())
                    : Panel.fileName("test-loss-vs", x.symbol(), protocol);
            String subtitle = "test loss vs " + x.label() + (protocol == null ? "" : ", protocol " + protocol);
            panels.add(new Panel(file, title, subtitle, xAxis, yAxis, shown));
        }
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
        Series.Stroke stroke = "kernel".equals(key.method()) ? Series.Stroke.DASHED : Series.Stroke.SOLID;
        return new Series(key.label(), colour, stroke, drawable < 2 ? Series.Marker.SQUARE : Series.Marker.NONE,
                Series.Errors.BARS, points);
    }
}
