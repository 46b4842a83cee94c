package org.transferlab.plot;

import java.util.ArrayList;
import java.util.List;
import org.transferlab.protocol.result.Density;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;

/**
 * The density of the target model's preactivations on the test inputs (the quantity of the paper's
 * Figure 4c), one line per row that carries one: simulation solid, infinite-width particles dashed.
 * Both axes are linear whatever the values span, since a density's shape, tails included, is what is
 * compared. Mass outside the histogram's range is not drawn; the row's belowFraction/aboveFraction say
 * how much there is.
 */
final class DensityPanels implements RowPanels.Kind {
    static final String H = "preactivation h";

    static List<Panel> build(JobResult result, String title) {
        return RowPanels.build(result, title, new DensityPanels());
    }

    @Override
    public boolean has(ResultRow r) {
        return r.preactivations() != null && r.preactivations().density() != null
                && !r.preactivations().density().isEmpty();
    }

    @Override
    public String[] fileStem() {
        return new String[] {"preactivations"};
    }

    @Override
    public String subtitle() {
        return "preactivation density of the target model on the test inputs";
    }

    @Override
    public Axis xAxis(List<Series> all) {
        return Axis.linear(H, extreme(all, true, false), extreme(all, true, true));
    }

    @Override
    public Axis yAxis(List<Series> all) {
        return Axis.linear("density", 0, extreme(all, false, true));
    }

    @Override
    public Series series(SeriesKey key, ResultRow row, String colour) {
        Density d = row.preactivations();
        int n = d.density().size();
        double width = (d.high() - d.low()) / n;
        List<Series.DataPoint> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            points.add(new Series.DataPoint(d.low() + (i + 0.5) * width, Series.DataPoint.valueOf(d.density().get(i)),
                    Double.NaN));
        }
        Series.Stroke stroke = "simulation".equals(key.method()) ? Series.Stroke.SOLID : Series.Stroke.DASHED;
        return new Series(key.label(), colour, stroke, Series.Marker.NONE, Series.Errors.BARS, points);
    }

    private static double extreme(List<Series> all, boolean x, boolean max) {
        double e = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (Series s : all) {
            for (Series.DataPoint p : s.points()) {
                double v = x ? p.x() : p.y();
                if (Double.isFinite(v)) {
                    e = max ? Math.max(e, v) : Math.min(e, v);
                }
            }
        }
        return Double.isFinite(e) ? e : 0;
    }
}
