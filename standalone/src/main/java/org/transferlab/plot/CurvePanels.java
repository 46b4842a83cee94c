package org.transferlab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;

/**
 * Test loss against training steps, one series per row that carries a curve, i.e. per (protocol,
 * method, sweep point). Theory is dashed and simulation solid (kernel dotted), in the colour of their
 * condition; the simulation's standard error over seeds is a shaded band. Split per protocol, on
 * shared axes, when there are more than {@link SweepPanels#MAX_SERIES_PER_PANEL} curves.
 */
final class CurvePanels {
    static final String STEPS = "steps";

    private CurvePanels() {
    }

    static List<Panel> build(JobResult result, String title) {
        List<ResultRow> rows = result.rows() == null ? List.of() : result.rows().stream()
                .filter(r -> r.steps() != null && r.testLossCurve() != null && !r.testLossCurve().isEmpty())
                .toList();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<Object>> sweep = result.spec() == null ? null : result.spec().sweep();
        List<Variable> vars = sweep == null ? List.of()
                : sweep.keySet().stream().map(k -> Variable.of(k, rows)).toList();

        Map<SeriesKey, List<ResultRow>> groups = SeriesKey.group(rows, r -> vars.stream().map(v -> v.term(r)).toList());
        Map<String, List<SeriesKey>> split = SeriesKey.panels(new ArrayList<>(groups.keySet()),
                SweepPanels.MAX_SERIES_PER_PANEL);
        Map<String, List<Series>> shown = new LinkedHashMap<>();
        for (Map.Entry<String, List<SeriesKey>> panel : split.entrySet()) {
            Palette palette = new Palette();
            List<Series> series = new ArrayList<>();
            for (SeriesKey key : panel.getValue()) {
                // One row per key in a sound result; should a key repeat, every curve is still drawn.
                for (ResultRow row : groups.get(key)) {
                    series.add(series(key, row, palette.colour(key.condition())));
                }
            }
            shown.put(panel.getKey(), series);
        }
        List<Series> all = shown.values().stream().flatMap(List::stream).toList();
        Axis xAxis = Axes.x(STEPS, all);
        Axis yAxis = Axes.loss(all);

        List<Panel> panels = new ArrayList<>();
        shown.forEach((protocol, series) -> panels.add(new Panel(
                protocol == null ? Panel.fileName("test-loss-vs", STEPS) : Panel.fileName("test-loss-vs", STEPS, protocol),
                title, "test loss vs steps" + (protocol == null ? "" : ", protocol " + protocol),
                xAxis, yAxis, series)));
        return panels;
    }

    private static Series series(SeriesKey key, ResultRow row, String colour) {
        List<Double> steps = row.steps();
        List<Double> loss = row.testLossCurve();
        List<Double> err = row.testLossCurveStdErr();
        List<Series.DataPoint> points = new ArrayList<>();
        for (int i = 0; i < Math.min(steps.size(), loss.size()); i++) {
            double e = err != null && i < err.size() ? Series.DataPoint.valueOf(err.get(i)) : Double.NaN;
            points.add(new Series.DataPoint(Series.DataPoint.valueOf(steps.get(i)),
                    Series.DataPoint.valueOf(loss.get(i)), e));
        }
        Series.Stroke stroke = switch (key.method()) {
            case "theory" -> Series.Stroke.DASHED;
            case "kernel" -> Series.Stroke.DOTTED;
            default -> Series.Stroke.SOLID;
        };
        return new Series(key.label(), colour, stroke, Series.Marker.NONE, Series.Errors.BAND, points);
    }
}
