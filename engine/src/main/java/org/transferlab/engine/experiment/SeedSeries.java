package org.transferlab.engine.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.transferlab.engine.sim.Histogram;
import org.transferlab.engine.sim.MeanWithError;
import org.transferlab.protocol.result.Density;
import org.transferlab.protocol.result.KernelSpectra;
import org.transferlab.protocol.result.ResultRow;

/**
 * Per-seed outcomes of one (point, protocol, method), folded into one tidy row: mean and standard error
 * over seeds of the test loss, of every diagnostic and of the test-loss curve point by point.
 *
 * <p>Non-finite values (an interpolation peak's infinite error, a diagnostic that does not exist for a
 * seed) are written as absent rather than as NaN or Infinity, which JSON cannot carry; the row's
 * {@code nonFiniteSeeds} diagnostic says how many seeds gave a non-finite test loss.
 */
final class SeedSeries {
    /** The diagnostic counting seeds whose test loss was not finite (derived in {@link #toRow}, never averaged). */
    static final String NON_FINITE_SEEDS = "nonFiniteSeeds";
    /** How every {@link #errorOfMean} name ends, so that a row's diagnostics say which of them are errors. */
    static final String ERROR_SUFFIX = "StdErr";

    private final List<Double> testLoss = new ArrayList<>();
    private final List<Double> trainLoss = new ArrayList<>();
    private final Map<String, List<Double>> diagnostics = new LinkedHashMap<>();
    private final Map<String, List<Double>> errors = new LinkedHashMap<>();
    private final java.util.TreeMap<Double, List<Double>> curves = new java.util.TreeMap<>();
    private int curveSeeds;
    private final java.util.TreeMap<Double, List<Double>> alignments = new java.util.TreeMap<>();
    private final List<double[]> sourceSpectra = new ArrayList<>();
    private final List<double[]> targetSpectra = new ArrayList<>();
    private final List<Density> densities = new ArrayList<>();

    /**
     * The series of draws that were computed as jobs of one seed each, read back from their rows (one
     * per draw, in draw order): what each seed added, so that {@link #toRow} gives the many-seed job's
     * row. A draw whose row lacks an error another draw has had a non-finite one (rows drop those).
     *
     * @param derived diagnostics a row derives from its own means (they are recomputed, not averaged)
     */
    static SeedSeries ofDraws(List<ResultRow> draws, Set<String> derived) {
        Set<String> errorNames = new LinkedHashSet<>();
        for (ResultRow row : draws) {
            if (row.diagnostics() != null) {
                row.diagnostics().keySet().stream().filter(SeedSeries::isError).forEach(errorNames::add);
            }
        }
        SeedSeries series = new SeedSeries();
        for (ResultRow row : draws) {
            series.add(orNaN(row.testLoss()), orNaN(row.trainLoss()));
            Map<String, Double> diag = row.diagnostics() == null ? Map.of() : row.diagnostics();
            for (Map.Entry<String, Double> d : diag.entrySet()) {
                if (!isError(d.getKey()) && !derived.contains(d.getKey()) && !NON_FINITE_SEEDS.equals(d.getKey())) {
                    series.diagnostic(d.getKey(), d.getValue());
                }
            }
            for (String name : errorNames) {
                series.errorOfMean(name, orNaN(diag.get(name)));
            }
            if (row.steps() != null && row.testLossCurve() != null) {
                series.curve(row.steps().stream().mapToDouble(Double::doubleValue).toArray(),
                        row.testLossCurve().stream().mapToDouble(SeedSeries::orNaN).toArray());
            }
            if (row.steps() != null && row.alignmentCurve() != null) {
                series.alignmentCurve(row.steps().stream().mapToDouble(Double::doubleValue).toArray(),
                        row.alignmentCurve().stream().mapToDouble(SeedSeries::orNaN).toArray());
            }
            if (row.spectra() != null) {
                series.spectra(array(row.spectra().source()), array(row.spectra().target()));
            }
            if (row.preactivations() != null) {
                series.density(row.preactivations());
            }
        }
        return series;
    }

    /** One seed's final test loss and train loss (NaN when the method has none). */
    SeedSeries add(double test, double train) {
        testLoss.add(test);
        trainLoss.add(train);
        return this;
    }

    SeedSeries diagnostic(String name, double value) {
        diagnostics.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /**
     * One seed's standard error of its test loss (e.g. the theory's Monte-Carlo error): the row reports
     * the error of the seeds' mean, sqrt(sum of squares)/n, not the mean of the errors.
     */
    SeedSeries errorOfMean(String name, double stdErr) {
        if (!isError(name)) {
            throw new IllegalArgumentException("an error's name ends with " + ERROR_SUFFIX + ": " + name);
        }
        errors.computeIfAbsent(name, k -> new ArrayList<>()).add(stdErr);
        return this;
    }

    /**
     * One seed's curve against gradient-flow time. Seeds share the planned recording times; one that
     * stopped early (its train loss met the tolerance) has fewer of them and, perhaps, a last time of
     * its own: each time's mean is over the seeds that recorded it.
     */
    SeedSeries curve(double[] timeAxis, double[] values) {
        for (int k = 0; k < timeAxis.length; k++) {
            curves.computeIfAbsent(timeAxis[k], t -> new ArrayList<>()).add(values[k]);
        }
        curveSeeds++;
        return this;
    }

    /** One seed's kernel-target alignment A(t) on the times of its {@link #curve}. */
    SeedSeries alignmentCurve(double[] timeAxis, double[] values) {
        for (int k = 0; k < timeAxis.length; k++) {
            alignments.computeIfAbsent(timeAxis[k], t -> new ArrayList<>()).add(values[k]);
        }
        return this;
    }

    /**
     * One seed's top kernel eigenvalues over the trace ({@link org.transferlab.engine.theory.spectral.TopEigenvalues}), after the source phase and
     * after the target phase; either may be null (scratch has no source).
     */
    SeedSeries spectra(double[] source, double[] target) {
        if (source != null) {
            sourceSpectra.add(source);
        }
        if (target != null) {
            targetSpectra.add(target);
        }
        return this;
    }

    /** One seed's density of the trained model's preactivations; every seed must use the same bins. */
    SeedSeries density(Histogram histogram) {
        return density(new Density(histogram.bins().low(), histogram.bins().high(),
                Arrays.stream(histogram.density()).boxed().toList(), histogram.belowFraction(), histogram.aboveFraction()));
    }

    private SeedSeries density(Density d) {
        if (!densities.isEmpty()) {
            Density first = densities.get(0);
            if (first.low() != d.low() || first.high() != d.high() || first.density().size() != d.density().size()) {
                throw new IllegalStateException("seeds recorded preactivations on different bins");
            }
        }
        densities.add(d);
        return this;
    }

    ResultRow toRow(Map<String, Object> point, String protocol, String method) {
        long nonFinite = testLoss.stream().filter(v -> !Double.isFinite(v)).count();
        // A mean over the finite seeds only would hide the ones that blew up: no test loss at all then.
        MeanWithError test = nonFinite > 0 ? null : finiteMean(testLoss);
        MeanWithError train = finiteMean(trainLoss);
        Map<String, Double> diag = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : diagnostics.entrySet()) {
            MeanWithError m = finiteMean(e.getValue());
            if (m != null) {
                diag.put(e.getKey(), m.mean());
            }
        }
        for (Map.Entry<String, List<Double>> e : errors.entrySet()) {
            double ss = 0;
            for (double v : e.getValue()) {
                ss += v * v;
            }
            double err = Math.sqrt(ss) / e.getValue().size();
            if (Double.isFinite(err)) {
                diag.put(e.getKey(), err);
            }
        }
        if (nonFinite > 0) {
            diag.put(NON_FINITE_SEEDS, (double) nonFinite);
        }
        List<Double> stepList = null;
        List<Double> curveMean = null;
        List<Double> curveErr = null;
        if (!curves.isEmpty()) {
            stepList = new ArrayList<>();
            curveMean = new ArrayList<>();
            curveErr = new ArrayList<>();
            for (Map.Entry<Double, List<Double>> at : curves.entrySet()) {
                MeanWithError m = finiteMean(at.getValue());
                stepList.add(at.getKey());
                curveMean.add(m == null ? null : m.mean());
                curveErr.add(m == null ? null : finiteOrNull(m.stdErr()));
            }
            if (curveSeeds < 2) {
                curveErr = null;
            }
        }
        List<Double> alignmentMean = null;
        if (stepList != null && !alignments.isEmpty()) {
            alignmentMean = new ArrayList<>();
            for (double t : stepList) {
                MeanWithError m = alignments.containsKey(t) ? finiteMean(alignments.get(t)) : null;
                alignmentMean.add(m == null ? null : m.mean());
            }
        }
        KernelSpectra spectra = sourceSpectra.isEmpty() && targetSpectra.isEmpty() ? null
                : new KernelSpectra(elementwiseMean(sourceSpectra), elementwiseMean(targetSpectra));
        return new ResultRow(point, protocol, method,
                test == null ? null : test.mean(),
                test == null ? null : finiteOrNull(test.stdErr()),
                train == null ? null : train.mean(),
                testLoss.size(), diag.isEmpty() ? null : diag, stepList, curveMean, curveErr, meanDensity(), alignmentMean,
                spectra);
    }

    /** The seeds' spectra averaged rank by rank over the ranks every seed has; null without any. */
    private static List<Double> elementwiseMean(List<double[]> spectra) {
        if (spectra.isEmpty()) {
            return null;
        }
        int n = spectra.stream().mapToInt(s -> s.length).min().orElse(0);
        List<Double> mean = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (double[] s : spectra) {
                sum += s[k];
            }
            mean.add(sum / spectra.size());
        }
        return mean;
    }

    private static double[] array(List<Double> values) {
        return values == null ? null : values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The seeds' densities averaged bin by bin (each seed weighs the same), or null without any. */
    private Density meanDensity() {
        if (densities.isEmpty()) {
            return null;
        }
        Density first = densities.get(0);
        double[] sum = new double[first.density().size()];
        double below = 0;
        double above = 0;
        for (Density d : densities) {
            for (int b = 0; b < sum.length; b++) {
                sum[b] += d.density().get(b) / densities.size();
            }
            below += d.belowFraction() / densities.size();
            above += d.aboveFraction() / densities.size();
        }
        return new Density(first.low(), first.high(), Arrays.stream(sum).boxed().toList(), below, above);
    }

    private static boolean isError(String name) {
        return name.endsWith(ERROR_SUFFIX);
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    /** Mean and error over the finite values; null when there are none. */
    private static MeanWithError finiteMean(List<Double> values) {
        double[] finite = values.stream().filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).toArray();
        return finite.length == 0 ? null : MeanWithError.of(finite);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
