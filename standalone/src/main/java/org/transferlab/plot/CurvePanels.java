package org.transferlab.plot;

import java.util.ArrayList;
import java.util.List;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;

/**
 * Test loss against gradient-flow time t (a row's {@code steps} field holds t), one series per row
 * that carries a curve, i.e. per (protocol, method, sweep point). Theory is dashed and simulation solid (kernel dotted), in the colour of their
 * condition; the simulation's standard error over seeds is a shaded band. Split per protocol, on
 * shared axes, when there are more than {@link SweepPanels#MAX_SERIES_PER_PANEL} curves.
 */
final class CurvePanels implements RowPanels.Kind {
    static final String STEPS = "steps";

    static List<Panel> build(JobResult result, String title) {
        return RowPanels.build(result, title, new CurvePanels());
    }

    @Override
    public boolean has(ResultRow r) {
        return r.steps() != null && r.testLossCurve() != null && !r.testLossCurve().isEmpty();
    }

    @Override
    public String[] fileStem() {
        return new String[] {"test-loss-vs", STEPS};
    }

    @Override
    public String subtitle() {
        return "test loss vs gradient-flow time";
    }

    @Override
    public Axis xAxis(List<Series> all) {
        return Axes.x("gradient-flow time t", all);
    }

    @Override
    public Axis yAxis(List<Series> all) {
        return Axes.loss(all);
    }

    @Override
    public Series series(SeriesKey key, ResultRow row, String colour) {
        List<Double> steps = row.steps();
        List<Double> loss = row.testLossCurve();
        List<Double> err = row.testLossCurveStdErr();
        List<Series.DataPoint> points = new ArrayList<>();
        for (int i = 0; i < Math.min(steps.size(), loss.size()); i++) {
            double e = err != null && i < err.size() ? Series.DataPoint.valueOf(err.get(i)) : Double.NaN;
            points.add(new Series.DataPoint(Series.DataPoint.valueOf(steps.get(i)),
                    Series.DataPoint.valueOf(loss.get(i)), e));
        }
        return new Series(key.label(), colour, stroke(key.method()), Series.Marker.NONE, Series.Errors.BAND, points);
    }

    /** The line of a method on a per-row chart: theory dashed, kernel and bayes dotted, simulation solid. */
    static Series.Stroke stroke(String method) {
        return switch (method) {
            case "theory" -> Series.Stroke.DASHED;
            case "kernel", "bayes" -> Series.Stroke.DOTTED;
            default -> Series.Stroke.SOLID;
        };
    }
}
