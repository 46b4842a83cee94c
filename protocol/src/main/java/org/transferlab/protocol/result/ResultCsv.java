package org.transferlab.protocol.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code result.csv}: the rows of a result as one table, one line per row, swept values and
 * diagnostics as their own columns. The series of a row (its curves against gradient-flow time and
 * its kernel spectra) are {@link #writeSeries}'s table, {@code series.csv}.
 */
public final class ResultCsv {
    private static final List<String> FIXED = List.of("protocol", "method", "testLoss", "testLossStdErr",
            "trainLoss", "seeds");

    private ResultCsv() {
    }

    public static String write(JobResult result) {
        TreeSet<String> pointCols = pointColumns(result);
        TreeSet<String> diagCols = new TreeSet<>();
        for (ResultRow r : result.rows()) {
            if (r.diagnostics() != null) {
                diagCols.addAll(r.diagnostics().keySet());
            }
        }
        List<String> header = new ArrayList<>(pointCols);
        header.addAll(FIXED);
        diagCols.forEach(d -> header.add("diag." + d));
        StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
        for (ResultRow r : result.rows()) {
            List<String> cells = pointCells(pointCols, r);
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

    /**
     * {@code series.csv}: every series of every row in long format, one line per value: the row's swept
     * values, protocol and method, then {@code series} (testLoss and alignment against t = {@code x};
     * sourceSpectrum and targetSpectrum against the eigenvalue's rank k = {@code x}, from 1), the value
     * and its standard error over seeds where there is one.
     */
    public static String writeSeries(JobResult result) {
        TreeSet<String> pointCols = pointColumns(result);
        List<String> header = new ArrayList<>(pointCols);
        header.addAll(List.of("protocol", "method", "series", "x", "value", "stdErr"));
        StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
        for (ResultRow r : result.rows()) {
            List<String> lead = pointCells(pointCols, r);
            lead.add(cell(r.protocol()));
            lead.add(cell(r.method()));
            if (r.steps() != null) {
                series(out, lead, "testLoss", r.steps(), r.testLossCurve(), r.testLossCurveStdErr());
                series(out, lead, "alignment", r.steps(), r.alignmentCurve(), null);
            }
            if (r.spectra() != null) {
                series(out, lead, "sourceSpectrum", ranks(r.spectra().source()), r.spectra().source(), null);
                series(out, lead, "targetSpectrum", ranks(r.spectra().target()), r.spectra().target(), null);
            }
        }
        return out.toString();
    }

    /** Every swept value's name (and the derived ratios) of any row, sorted: the leading columns. */
    private static TreeSet<String> pointColumns(JobResult result) {
        TreeSet<String> cols = new TreeSet<>();
        for (ResultRow r : result.rows()) {
            if (r.point() != null) {
                cols.addAll(r.point().keySet());
            }
        }
        return cols;
    }

    private static List<String> pointCells(TreeSet<String> pointCols, ResultRow r) {
        List<String> cells = new ArrayList<>();
        for (String c : pointCols) {
            cells.add(cell(r.point() == null ? null : r.point().get(c)));
        }
        return cells;
    }

    private static void series(StringBuilder out, List<String> lead, String name, List<Double> x, List<Double> values,
                               List<Double> errors) {
        if (values == null) {
            return;
        }
        for (int k = 0; k < values.size(); k++) {
            List<String> cells = new ArrayList<>(lead);
            cells.add(name);
            cells.add(cell(x.get(k)));
            cells.add(cell(values.get(k)));
            cells.add(cell(errors == null ? null : errors.get(k)));
            out.append(String.join(",", cells)).append('\n');
        }
    }

    private static List<Double> ranks(List<Double> spectrum) {
        List<Double> k = new ArrayList<>();
        for (int i = 1; spectrum != null && i <= spectrum.size(); i++) {
            k.add((double) i);
        }
        return k;
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
