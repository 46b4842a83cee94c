package org.transferlab.plot;

import static org.transferlab.plot.SvgWriter.num;

import java.util.Arrays;
import java.util.List;

/**
 * Lays out and draws one {@link Panel}: titles on top, the plot area with grid, ticks and axis labels,
 * and the legend in a column to its right (the document grows downwards when the legend is longer than
 * the plot is tall, so no entry is ever cut off). Each series is one {@code <g class="series">} with a
 * {@code <title>} naming it, which viewers show as a tooltip.
 */
final class PanelRenderer {
    private static final double LEFT = 80;
    private static final double TOP = 62;
    private static final double PLOT_WIDTH = 520;
    private static final double PLOT_HEIGHT = 340;
    private static final double BOTTOM = 58;
    private static final double LEGEND_GAP = 24;
    private static final double LEGEND_LINE = 18;
    private static final double RIGHT_PAD = 16;
    /** Average advance of a 12px sans-serif character; SVG cannot measure text, so legends are sized by it. */
    private static final double CHAR_WIDTH = 6.8;
    private static final double MARKER_RADIUS = 3.5;

    private PanelRenderer() {
    }

    static String render(Panel panel) {
        int longest = panel.series().stream().mapToInt(s -> s.label().length()).max().orElse(0);
        double legendWidth = longest == 0 ? 0 : 36 + longest * CHAR_WIDTH;
        double width = LEFT + PLOT_WIDTH + LEGEND_GAP + legendWidth + RIGHT_PAD;
        double height = Math.max(TOP + PLOT_HEIGHT + BOTTOM, TOP + panel.series().size() * LEGEND_LINE + 20);

        SvgWriter svg = new SvgWriter(width, height);
        svg.empty("rect", "width", num(width), "height", num(height), "fill", "white");
        svg.text("text", panel.title(), "x", num(LEFT), "y", "24", "font-size", "16", "font-weight", "bold");
        svg.text("text", panel.subtitle(), "x", num(LEFT), "y", "44", "font-size", "12", "fill", "#444444");
        axes(svg, panel.x(), panel.y());
        for (Series s : panel.series()) {
            series(svg, s, panel.x(), panel.y());
        }
        legend(svg, panel.series());
        return svg.finish();
    }

    private static double px(double fraction) {
        return LEFT + PLOT_WIDTH * fraction;
    }

    private static double py(double fraction) {
        return TOP + PLOT_HEIGHT * (1 - fraction);
    }

    private static void axes(SvgWriter svg, Axis x, Axis y) {
        svg.open("g", "class", "axes", "font-size", "11", "fill", "#333333");
        for (Axis.Tick t : y.ticks()) {
            double v = py(y.fraction(t.value()));
            svg.empty("line", "x1", num(LEFT), "x2", num(LEFT + PLOT_WIDTH), "y1", num(v), "y2", num(v),
                    "stroke", "#E5E5E5");
            svg.empty("line", "x1", num(LEFT - 5), "x2", num(LEFT), "y1", num(v), "y2", num(v), "stroke", "#333333");
            svg.text("text", t.label(), "class", "tick-label", "x", num(LEFT - 8), "y", num(v + 4),
                    "text-anchor", "end");
        }
        double bottom = TOP + PLOT_HEIGHT;
        for (Axis.Tick t : x.ticks()) {
            double h = px(x.fraction(t.value()));
            svg.empty("line", "x1", num(h), "x2", num(h), "y1", num(TOP), "y2", num(bottom), "stroke", "#E5E5E5");
            svg.empty("line", "x1", num(h), "x2", num(h), "y1", num(bottom), "y2", num(bottom + 5),
                    "stroke", "#333333");
            svg.text("text", t.label(), "class", "tick-label", "x", num(h), "y", num(bottom + 18),
                    "text-anchor", "middle");
        }
        svg.empty("rect", "x", num(LEFT), "y", num(TOP), "width", num(PLOT_WIDTH), "height", num(PLOT_HEIGHT),
                "fill", "none", "stroke", "#333333");
        svg.text("text", x.label(), "class", "axis-label", "x", num(LEFT + PLOT_WIDTH / 2), "y", num(bottom + 42),
                "text-anchor", "middle", "font-size", "13");
        double yMid = TOP + PLOT_HEIGHT / 2;
        svg.text("text", y.label(), "class", "axis-label", "x", num(LEFT - 56), "y", num(yMid),
                "text-anchor", "middle", "font-size", "13",
                "transform", "rotate(-90 " + num(LEFT - 56) + " " + num(yMid) + ")");
        svg.close();
    }

    private static void series(SvgWriter svg, Series s, Axis x, Axis y) {
        svg.open("g", "class", "series");
        svg.text("title", s.label());
        if (s.errors() == Series.Errors.BAND) {
            String band = band(s.points(), x, y);
            if (!band.isEmpty()) {
                svg.empty("path", "class", "band", "d", band, "fill", s.colour(), "fill-opacity", "0.18",
                        "stroke", "none");
            }
        }
        if (s.stroke() != Series.Stroke.NONE) {
            String line = line(s.points(), x, y);
            if (!line.isEmpty()) {
                svg.empty("path", withDash(s.stroke(), "class", "line", "d", line, "fill", "none",
                        "stroke", s.colour(), "stroke-width", "2", "stroke-linejoin", "round"));
            }
        }
        for (Series.DataPoint p : s.points()) {
            double fx = x.fraction(p.x());
            double fy = y.fraction(p.y());
            if (Double.isNaN(fx) || Double.isNaN(fy)) {
                continue;
            }
            if (s.errors() == Series.Errors.BARS && Double.isFinite(p.err()) && p.err() > 0) {
                svg.empty("line", "class", "error-bar", "x1", num(px(fx)), "x2", num(px(fx)),
                        "y1", num(py(y.clampedFraction(p.y() - p.err()))),
                        "y2", num(py(y.clampedFraction(p.y() + p.err()))),
                        "stroke", s.colour(), "stroke-width", "1.2");
            }
            marker(svg, s.marker(), s.colour(), px(fx), py(fy));
        }
        svg.close();
    }

    /** M/L path through the drawable points; a missing point ends a sub-path, so gaps stay gaps. */
    private static String line(List<Series.DataPoint> points, Axis x, Axis y) {
        StringBuilder d = new StringBuilder();
        boolean penDown = false;
        for (Series.DataPoint p : points) {
            double fx = x.fraction(p.x());
            double fy = y.fraction(p.y());
            if (Double.isNaN(fx) || Double.isNaN(fy)) {
                penDown = false;
                continue;
            }
            d.append(d.length() == 0 ? "" : " ").append(penDown ? 'L' : 'M')
                    .append(num(px(fx))).append(',').append(num(py(fy)));
            penDown = true;
        }
        return d.toString();
    }

    /** Closed outlines of value +- error over each run of consecutive points that have both. */
    private static String band(List<Series.DataPoint> points, Axis x, Axis y) {
        StringBuilder d = new StringBuilder();
        int start = 0;
        while (start < points.size()) {
            int end = start;
            while (end < points.size() && banded(points.get(end), x, y)) {
                end++;
            }
            if (end - start >= 2) {
                List<Series.DataPoint> run = points.subList(start, end);
                for (int i = 0; i < run.size(); i++) {
                    Series.DataPoint p = run.get(i);
                    d.append(d.length() == 0 ? "" : " ").append(i == 0 ? 'M' : 'L')
                            .append(num(px(x.fraction(p.x())))).append(',')
                            .append(num(py(y.clampedFraction(p.y() + p.err()))));
                }
                for (int i = run.size() - 1; i >= 0; i--) {
                    Series.DataPoint p = run.get(i);
                    d.append(" L").append(num(px(x.fraction(p.x())))).append(',')
                            .append(num(py(y.clampedFraction(p.y() - p.err()))));
                }
                d.append(" Z");
            }
            start = end + 1;
        }
        return d.toString();
    }

    private static boolean banded(Series.DataPoint p, Axis x, Axis y) {
        return !Double.isNaN(x.fraction(p.x())) && !Double.isNaN(y.fraction(p.y())) && Double.isFinite(p.err());
    }

    private static void marker(SvgWriter svg, Series.Marker marker, String colour, double cx, double cy) {
        double r = MARKER_RADIUS;
        switch (marker) {
            case CIRCLE -> svg.empty("circle", "class", "marker", "cx", num(cx), "cy", num(cy), "r", num(r),
                    "fill", colour, "stroke", "white", "stroke-width", "0.8");
            case SQUARE -> svg.empty("rect", "class", "marker", "x", num(cx - r), "y", num(cy - r),
                    "width", num(2 * r), "height", num(2 * r), "fill", colour, "stroke", "white",
                    "stroke-width", "0.8");
            case TRIANGLE -> svg.empty("polygon", "class", "marker", "points",
                    num(cx) + "," + num(cy - 1.2 * r) + " " + num(cx - 1.1 * r) + "," + num(cy + 0.8 * r) + " "
                            + num(cx + 1.1 * r) + "," + num(cy + 0.8 * r),
                    "fill", colour, "stroke", "white", "stroke-width", "0.8");
            case DIAMOND -> svg.empty("polygon", "class", "marker", "points",
                    num(cx) + "," + num(cy - 1.3 * r) + " " + num(cx - 1.1 * r) + "," + num(cy) + " "
                            + num(cx) + "," + num(cy + 1.3 * r) + " " + num(cx + 1.1 * r) + "," + num(cy),
                    "fill", colour, "stroke", "white", "stroke-width", "0.8");
            case NONE -> {
            }
        }
    }

    private static void legend(SvgWriter svg, List<Series> series) {
        if (series.isEmpty()) {
            return;
        }
        double x0 = LEFT + PLOT_WIDTH + LEGEND_GAP;
        svg.open("g", "class", "legend", "font-size", "12");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            double y = TOP + 8 + i * LEGEND_LINE;
            if (s.stroke() != Series.Stroke.NONE) {
                svg.empty("line", withDash(s.stroke(), "x1", num(x0), "x2", num(x0 + 24), "y1", num(y), "y2", num(y),
                        "stroke", s.colour(), "stroke-width", "2"));
            }
            boolean hasErrors = s.points().stream().anyMatch(p -> Double.isFinite(p.err()) && p.err() > 0);
            if (s.errors() == Series.Errors.BARS && s.stroke() == Series.Stroke.NONE && hasErrors) {
                svg.empty("line", "x1", num(x0 + 12), "x2", num(x0 + 12), "y1", num(y - 6), "y2", num(y + 6),
                        "stroke", s.colour(), "stroke-width", "1.2");
            }
            marker(svg, s.marker(), s.colour(), x0 + 12, y);
            svg.text("text", s.label(), "x", num(x0 + 32), "y", num(y + 4));
        }
        svg.close();
    }

    /** The attributes, plus stroke-dasharray when the stroke is not continuous. */
    private static String[] withDash(Series.Stroke stroke, String... attributes) {
        if (stroke.dashArray == null) {
            return attributes;
        }
        String[] all = Arrays.copyOf(attributes, attributes.length + 2);
        all[attributes.length] = "stroke-dasharray";
        all[attributes.length + 1] = stroke.dashArray;
        return all;
    }
}
