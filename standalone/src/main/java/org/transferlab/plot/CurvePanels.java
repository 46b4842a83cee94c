package org.transferlab.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;

/**
 * A quantity recorded along training against gradient-flow time t (a row's {@code steps} field holds
 * t), one series per row that carries it, i.e. per (protocol, method, sweep point): the test loss, and
 * the kernel-target alignment A(t). Theory is dashed and simulation solid (kernel dotted), in the
 * colour of their condition; the simulation's standard error over seeds, where there is one, is a
 * shaded band. Split per protocol, on shared axes, when there are more than
 * {@link SweepPanels#MAX_SERIES_PER_PANEL} curves.
 */
final class CurvePanels implements RowPanels.Kind {
    static final String STEPS = "steps";

    private final String stem;
    private final String quantity;
    private final Function<ResultRow, List<Double>> values;
    private final Function<ResultRow, List<Double>> errors;
    private final Function<List<Series>, Axis> yAxis;

    private CurvePanels(String stem, String quantity, Function<ResultRow, List<Double>> values,
                        Function<ResultRow, List<Double>> errors, Function<List<Series>, Axis> yAxis) {
        this.stem = stem;
        this.quantity = quantity;
        this.values = values;
        this.errors = errors;
        this.yAxis = yAxis;
    }

    /** Test loss against t. */
    static List<Panel> build(JobResult result, String title) {
        return RowPanels.build(result, title, new CurvePanels("test-loss-vs", "test loss", ResultRow::testLossCurve,
                ResultRow::testLossCurveStdErr, Axes::loss));
    }

    /**
     * Kernel-target alignment against t, on [0, 1]: y^T Phi y >= 0 for a kernel, and at most
     * |Phi|_F |y|^2.
     */
    static List<Panel> alignment(JobResult result, String title) {
        return RowPanels.build(result, title, new CurvePanels("alignment-vs", "kernel-target alignment",
                ResultRow::alignmentCurve, r -> null, all -> Axis.linear("kernel-target alignment A", 0, 1)));
    }

    @Override
    public boolean has(ResultRow r) {
        List<Double> v = values.apply(r);
        return r.steps() != null && v != null && v.stream().anyMatch(x -> x != null);
    }

    @Override
    public String[] fileStem() {
        return new String[] {stem, STEPS};
    }

    @Override
    public String subtitle() {
        return quantity + " vs gradient-flow time";
    }

    @Override
    public Axis xAxis(List<Series> all) {
        return Axes.x("gradient-flow time t", all);
    }

    @Override
    public Axis yAxis(List<Series> all) {
        return yAxis.apply(all);
    }

    @Override
    public Series series(SeriesKey key, ResultRow row, String colour) {
        List<Double> steps = row.steps();
        List<Double> v = values.apply(row);
        List<Double> err = errors.apply(row);
        List<Series.DataPoint> points = new ArrayList<>();
        for (int i = 0; i < Math.min(steps.size(), v.size()); i++) {
            double e = err != null && i < err.size() ? Series.DataPoint.valueOf(err.get(i)) : Double.NaN;
            points.add(new Series.DataPoint(Series.DataPoint.valueOf(steps.get(i)), Series.DataPoint.valueOf(v.get(i)), e));
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
