package org.transferlab.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.transferlab.protocol.result.ResultRow;

/** Folding per-protocol seed series into a method's rows, with the transfer gain over scratch. */
final class Rows {
    private Rows() {
    }

    /** Rows in the spec's protocol order, each finetune/joint row with its gain over scratch. */
    static List<ResultRow> inProtocolOrder(PointParameters p, Map<String, SeedSeries> series, String method) {
        List<ResultRow> rows = new ArrayList<>();
        ResultRow scratch = series.containsKey("scratch") ? series.get("scratch").toRow(p.rowPoint(), "scratch", method) : null;
        for (String protocol : p.protocols()) {
            SeedSeries s = series.get(protocol);
            if (s == null) {
                continue;
            }
            ResultRow row = "scratch".equals(protocol) ? scratch : s.toRow(p.rowPoint(), protocol, method);
            rows.add(scratch == null || row == scratch ? row : withGain(row, scratch));
        }
        return rows;
    }

    /** Diagnostics {@link #withGain} derives from a row's mean and its scratch row's. */
    static final Set<String> GAIN = Set.of("transferGain", "negativeTransfer");

    /** The row with its transfer gain over the same method's scratch row (unchanged without both losses). */
    static ResultRow withGain(ResultRow row, ResultRow scratch) {
        if (row.testLoss() == null || scratch.testLoss() == null) {
            return row;
        }
        Map<String, Double> diag = new LinkedHashMap<>(row.diagnostics() == null ? Map.of() : row.diagnostics());
        double gain = scratch.testLoss() - row.testLoss();
        diag.put("transferGain", gain);
        diag.put("negativeTransfer", gain < 0 ? 1.0 : 0.0);
        return new ResultRow(row.point(), row.protocol(), row.method(), row.testLoss(), row.testLossStdErr(), row.trainLoss(),
                row.seeds(), diag, row.steps(), row.testLossCurve(), row.testLossCurveStdErr(), row.preactivations(),
                row.alignmentCurve(), row.spectra());
    }

}
