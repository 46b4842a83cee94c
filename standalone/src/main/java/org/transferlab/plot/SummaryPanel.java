package org.transferlab.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * The chart of a result with neither sweep nor curves: test loss per protocol (x) and method (series,
 * each with its own marker and colour, side by side within a protocol's slot), with standard-error
 * bars where the method has them.
 */
final class SummaryPanel {
    /** Horizontal distance between neighbouring methods inside one protocol slot (slot width 1). */
    private static final double METHOD_OFFSET = 0.18;

    private SummaryPanel() {
    }

    static List<Panel> build(JobResult result, String title) {
        List<ResultRow> rows = result.rows() == null ? List.of() : result.rows();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<SeriesKey, List<ResultRow>> groups = SeriesKey.group(rows, r -> List.of());
        List<String> protocols = groups.keySet().stream().map(SeriesKey::protocol).distinct().toList();
        List<String> methods = groups.keySet().stream().map(SeriesKey::method).distinct()
                .sorted(Comparator.comparingInt(m -> SeriesKey.rank(ExperimentSpec.METHODS, m)))
                .toList();
        Palette palette = new Palette();
        List<Series> series = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            String method = methods.get(m);
            double offset = (m - (methods.size() - 1) / 2.0) * METHOD_OFFSET;
            List<Series.DataPoint> points = new ArrayList<>();
            for (Map.Entry<SeriesKey, List<ResultRow>> e : groups.entrySet()) {
                if (e.getKey().method().equals(method)) {
                    double x = protocols.indexOf(e.getKey().protocol()) + offset;
                    for (ResultRow r : e.getValue()) {
                        points.add(new Series.DataPoint(x, Series.DataPoint.valueOf(r.testLoss()),
                                Series.DataPoint.valueOf(r.testLossStdErr())));
                    }
                }
            }
            series.add(new Series(method, palette.colour(method), Series.Stroke.NONE, marker(method),
                    Series.Errors.BARS, points));
        }
        return List.of(new Panel(Panel.fileName("test-loss-by-protocol"), title, "test loss by protocol and method",
                Axis.categorical("protocol", protocols), Axes.loss(series), series));
    }

    private static Series.Marker marker(String method) {
        return switch (method) {
            case "theory" -> Series.Marker.SQUARE;
            case "kernel" -> Series.Marker.TRIANGLE;
            case "bayes" -> Series.Marker.DIAMOND;
            default -> Series.Marker.CIRCLE;
        };
    }
}
