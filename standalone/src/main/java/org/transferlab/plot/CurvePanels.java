package org.transferlab.plot;

import java.util.ArrayList;
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

        // Each curve row is its own series; rows repeating a key (which a sound result never has) are all drawn.
        Map<SeriesKey, List<ResultRow>> groups = SeriesKey.group(rows, r -> vars.stream().map(v -> v.term(r)).toList());
        Palette palette = new Palette();
        List<SeriesKey> keys = new ArrayList<>();
        List<Series> all = new ArrayList<>();
        for (Map.Entry<SeriesKey, List<ResultRow>> e : groups.entrySet()) {
            for (ResultRow row : e.getValue()) {
                keys.add(e.getKey());
                all.add(series(e.getKey(), row, palette.colour(e.getKey().condition())));
            }
        }
        Axis xAxis = Axes.x(STEPS, all);
        Axis yAxis = Axes.loss(all);

        List<Panel> panels = new ArrayList<>();
        for (Map.Entry<String, List<SeriesKey>> panel
                : SeriesKey.panels(List.copyOf(new java.util.LinkedHashSet<>(keys)), SweepPanels.MAX_SERIES_PER_PANEL)
                .entrySet()) {
            String protocol = panel.getKey();
            List<Series> shown = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (panel.getValue().contains(keys.get(i))) {
                    shown.add(all.get(i));
                }
            }
            String file = protocol == null ? Panel.fileName("test-loss-vs", STEPS)
                    : Panel.fileName("test-loss-vs", STEPS, protocol);
            String subtitle = "test loss vs steps" + (protocol == null ? "" : ", protocol " + protocol);
            panels.add(new Panel(file, title, subtitle, xAxis, yAxis, shown));
        }
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
