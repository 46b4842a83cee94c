package org.transferlab.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.engine.sim.Histogram;
import org.transferlab.engine.sim.HistogramBins;
import org.transferlab.engine.sim.MeanWithError;
import org.transferlab.protocol.result.Density;
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
    private final List<Double> testLoss = new ArrayList<>();
    private final List<Double> trainLoss = new ArrayList<>();
    private final Map<String, List<Double>> diagnostics = new LinkedHashMap<>();
    private final Map<String, List<Double>> errors = new LinkedHashMap<>();
    private final java.util.TreeMap<Double, List<Double>> curves = new java.util.TreeMap<>();
    private int curveSeeds;
    private final List<Histogram> densities = new ArrayList<>();

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

    /** One seed's density of the trained model's preactivations; every seed must use the same bins. */
    SeedSeries density(Histogram histogram) {
        if (!densities.isEmpty() && !densities.get(0).bins().equals(histogram.bins())) {
            throw new IllegalStateException("seeds recorded preactivations on different bins");
        }
        densities.add(histogram);
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
            diag.put("nonFiniteSeeds", (double) nonFinite);
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
        return new ResultRow(point, protocol, method,
                test == null ? null : test.mean(),
                test == null ? null : finiteOrNull(test.stdErr()),
                train == null ? null : train.mean(),
                testLoss.size(), diag.isEmpty() ? null : diag, stepList, curveMean, curveErr, meanDensity());
    }

    /** The seeds' densities averaged bin by bin (each seed weighs the same), or null without any. */
    private Density meanDensity() {
        if (densities.isEmpty()) {
            return null;
        }
        HistogramBins bins = densities.get(0).bins();
        double[] sum = new double[bins.count()];
        double below = 0;
        double above = 0;
        for (Histogram h : densities) {
            for (int b = 0; b < sum.length; b++) {
                sum[b] += h.density()[b] / densities.size();
            }
            below += h.belowFraction() / densities.size();
            above += h.aboveFraction() / densities.size();
        }
        return new Density(bins.low(), bins.high(), java.util.Arrays.stream(sum).boxed().toList(), below, above);
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
