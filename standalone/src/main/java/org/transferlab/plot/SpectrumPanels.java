package org.transferlab.plot;

import java.util.ArrayList;
import java.util.List;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.KernelSpectra;
import org.transferlab.protocol.result.ResultRow;

/**
 * The top eigenvalues over the trace of the adaptive feature kernel on the target-train inputs against
 * their rank: one panel family for the kernel after the source phase, one for the kernel after each
 * protocol's target phase, one series per row that carries it.
 */
final class SpectrumPanels implements RowPanels.Kind {
    private final boolean source;

    private SpectrumPanels(boolean source) {
        this.source = source;
    }

    static List<Panel> build(JobResult result, String title) {
        List<Panel> panels = new ArrayList<>(RowPanels.build(result, title, new SpectrumPanels(true)));
        panels.addAll(RowPanels.build(result, title, new SpectrumPanels(false)));
        return panels;
    }

    private List<Double> spectrum(ResultRow r) {
        KernelSpectra s = r.spectra();
        return s == null ? null : source ? s.source() : s.target();
    }

    @Override
    public boolean has(ResultRow r) {
        List<Double> s = spectrum(r);
        return s != null && !s.isEmpty();
    }

    @Override
    public String[] fileStem() {
        return new String[] {"kernel-spectrum", source ? "source" : "target"};
    }

    @Override
    public String subtitle() {
        return (source ? "source" : "target") + " kernel spectrum on the target inputs (top "
                + KernelSpectra.TOP + ", over the trace)";
    }

    @Override
    public Axis xAxis(List<Series> all) {
        return Axis.linear("rank k", 1, KernelSpectra.TOP);
    }

    @Override
    public Axis yAxis(List<Series> all) {
        List<Double> values = new ArrayList<>();
        for (Series s : all) {
            for (Series.DataPoint p : s.points()) {
                values.add(p.y());
            }
        }
        return Axis.fit("eigenvalue / trace", values, List.of());
    }

    @Override
    public Series series(SeriesKey key, ResultRow row, String colour) {
        List<Double> s = spectrum(row);
        List<Series.DataPoint> points = new ArrayList<>();
        for (int k = 0; k < s.size(); k++) {
            points.add(new Series.DataPoint(k + 1, Series.DataPoint.valueOf(s.get(k)), Double.NaN));
        }
        boolean simulation = "simulation".equals(key.method());
        return new Series(key.label(), colour, CurvePanels.stroke(key.method()),
                simulation ? Series.Marker.CIRCLE : Series.Marker.NONE, Series.Errors.BARS, points);
    }
}
