package org.transferlab.plot;

import java.util.List;

/**
 * One named set of points drawn in one colour and style. A point's error is a standard error; NaN
 * means "none". A NaN value means the point is missing: it is skipped, and a line is broken there
 * rather than drawn through zero.
 *
 * @param label  the legend text
 * @param colour an SVG colour
 * @param stroke how the points are joined ({@link Stroke#NONE}: not at all)
 * @param marker what is drawn at each point
 * @param errors how errors are shown: bars at points, or a shaded band along a line
 * @param points in drawing order (ascending x for lines)
 */
record Series(String label, String colour, Stroke stroke, Marker marker, Errors errors, List<DataPoint> points) {

    enum Stroke {
        NONE(null), SOLID(null), DASHED("7 4"), DOTTED("2 3");

        /** SVG stroke-dasharray, null for a continuous line. */
        final String dashArray;

        Stroke(String dashArray) {
            this.dashArray = dashArray;
        }
    }

    enum Marker { NONE, CIRCLE, SQUARE, TRIANGLE, DIAMOND }

    enum Errors { BARS, BAND }

    record DataPoint(double x, double y, double err) {

        /** A nullable result field as a plot value: null becomes NaN, which is skipped, never zero. */
        static double valueOf(Double v) {
            return v == null ? Double.NaN : v;
        }
    }

    Series {
        points = List.copyOf(points);
    }
}
