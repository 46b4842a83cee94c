package org.transferlab.protocol.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code result.csv}: the rows of a result as one table, one line per row, swept values and
 * diagnostics as their own columns (curves are left to result.json: they are series, not cells).
 */
public final class ResultCsv {
    private static final List<String> FIXED = List.of("protocol", "method", "testLoss", "testLossStdErr",
            "trainLoss", "seeds");

    private ResultCsv() {
    }

    public static String write(JobResult result) {
        TreeSet<String> pointCols = new TreeSet<>();
        TreeSet<String> diagCols = new TreeSet<>();
        for (ResultRow r : result.rows()) {
            if (r.point() != null) {
                pointCols.addAll(r.point().keySet());
            }
            if (r.diagnostics() != null) {
                diagCols.addAll(r.diagnostics().keySet());
            }
        }
        List<String> header = new ArrayList<>(pointCols);
        header.addAll(FIXED);
        diagCols.forEach(d -> header.add("diag." + d));
        StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
        for (ResultRow r : result.rows()) {
            List<String> cells = new ArrayList<>();
            for (String c : pointCols) {
                cells.add(cell(r.point() == null ? null : r.point().get(c)));
            }
            cells.add(cell(r.protocol()));
            cells.add(cell(r.method()));
            cells.add(cell(r.testLoss()));
            cells.add(cell(r.testLossStdErr()));
            cells.add(cell(r.trainLoss()));
            cells.add(cell(r.seeds()));
            Map<String, Double> d = r.diagnostics();
            for (String c : diagCols) {
                cells.add(cell(d == null ? null : d.get(c)));
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
