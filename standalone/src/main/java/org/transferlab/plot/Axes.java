package org.transferlab.plot;

import java.util.ArrayList;
import java.util.List;

/** Axes fitted to the series of a chart (or of several charts that should share axes). */
final class Axes {
    static final String TEST_LOSS = "test loss";

    private Axes() {
    }

    /** The test-loss axis, covering every value and the ends of its standard-error bar or band. */
    static Axis loss(List<Series> series) {
        List<Double> values = new ArrayList<>();
        List<Double> extents = new ArrayList<>();
        for (Series s : series) {
            for (Series.DataPoint p : s.points()) {
                values.add(p.y());
                if (Double.isFinite(p.y()) && Double.isFinite(p.err())) {
                    extents.add(p.y() - p.err());
                    extents.add(p.y() + p.err());
                }
            }
        }
        return Axis.fit(TEST_LOSS, values, extents);
    }

    /** A numeric x axis covering the x of every point that has a value. */
    static Axis x(String label, List<Series> series) {
        List<Double> values = new ArrayList<>();
        for (Series s : series) {
            for (Series.DataPoint p : s.points()) {
                if (Double.isFinite(p.y())) {
                    values.add(p.x());
                }
            }
        }
        return Axis.fit(label, values, List.of());
    }
}
