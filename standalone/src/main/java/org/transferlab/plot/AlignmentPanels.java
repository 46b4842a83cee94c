package org.transferlab.plot;

import java.util.ArrayList;
import java.util.List;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;

/**
 * Kernel-target alignment A(t) of the feature kernel with the phase's labels against gradient-flow
 * time, one series per row that carries it, drawn like the test-loss curves ({@link CurvePanels}).
 */
final class AlignmentPanels implements RowPanels.Kind {
    static List<Panel> build(JobResult result, String title) {
        return RowPanels.build(result, title, new AlignmentPanels());
    }

    @Override
    public boolean has(ResultRow r) {
        return r.steps() != null && r.alignmentCurve() != null && r.alignmentCurve().stream().anyMatch(a -> a != null);
    }

    @Override
    public String[] fileStem() {
        return new String[] {"alignment-vs", CurvePanels.STEPS};
    }

    @Override
    public String subtitle() {
        return "kernel-target alignment vs gradient-flow time";
    }

    @Override
    public Axis xAxis(List<Series> all) {
        return Axes.x("gradient-flow time t", all);
    }

    @Override
    public Axis yAxis(List<Series> all) {
        // y^T Phi y >= 0 for a kernel, and at most |Phi|_F |y|^2: A lies in [0, 1]
        return Axis.linear("kernel-target alignment A", 0, 1);
    }

    @Override
    public Series series(SeriesKey key, ResultRow row, String colour) {
        List<Double> steps = row.steps();
        List<Double> a = row.alignmentCurve();
        List<Series.DataPoint> points = new ArrayList<>();
        for (int i = 0; i < Math.min(steps.size(), a.size()); i++) {
            points.add(new Series.DataPoint(Series.DataPoint.valueOf(steps.get(i)), Series.DataPoint.valueOf(a.get(i)),
                    Double.NaN));
        }
        return new Series(key.label(), colour, CurvePanels.stroke(key.method()), Series.Marker.NONE, Series.Errors.BAND,
                points);
    }
}
