package org.transferlab.engine.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.engine.kernel.InputKernels;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.task.Dataset;
import org.transferlab.engine.task.TransferData;
import org.transferlab.engine.theory.bayes.AdaptiveKernelSaddle;
import org.transferlab.engine.theory.bayes.KernelPredictor;
import org.transferlab.engine.theory.bayes.BayesTransferSaddle;
import org.transferlab.engine.theory.bayes.SaddleCost;
import org.transferlab.engine.theory.bayes.SaddleResult;
import org.transferlab.engine.theory.bayes.SaddleSpec;
import org.transferlab.engine.theory.bayes.TransferSaddleResult;
import org.transferlab.engine.theory.bayes.TransferSaddleSpec;
import org.transferlab.engine.theory.spectral.TopEigenvalues;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.result.KernelSpectra;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.TheorySpec;

/**
 * The {@code bayes} method: the infinite-width Bayesian posterior of the two-layer network (THEORY
 * 2.5.2, 4.D), prior precision 1 on both layers, inverse temperature {@code theory.bayes.beta}, on each
 * seed's data, for linear and ReLU networks alike (the saddle only evaluates phi):
 * <ul>
 *   <li>scratch: the single-task saddle on the target set with gamma2;</li>
 *   <li>finetune: kernel regression on the target set with the source posterior's kernel Phi_1 (the
 *   delta -> infinity limit of the transfer posterior);</li>
 *   <li>joint: the target posterior coupled to the source weights by the elastic prior
 *   delta = {@code target.elastic} (delta = 0 leaves nothing of the source: the scratch posterior).</li>
 * </ul>
 * Every loss is divided by the point's loss scale; the Monte-Carlo error of each seed's loss comes from
 * independent sub-populations of the samples. Rows carry the spectra of the kernels they regress with on
 * the target-train set (finetune: Phi_1 as source and target; joint: Phi_1 and Phi_2). A saddle that does
 * not settle (iteration cap) or whose tilted samples run away (no saddle point at that gamma) gives that
 * seed no loss and {@code converged} 0, never a number.
 */
final class BayesTheory {
    static final String METHOD = ExperimentSpec.BAYES;
    private static final Logger LOG = LoggerFactory.getLogger(BayesTheory.class);
    /**
     * Iterations the cost model expects: gamma is ramped from 0 along the path of fixed points, some
     * hundreds of iterations at gamma ~ 1-2 (measured in docs/methods.md), a few tens in the lazy regime.
     */
    private static final int EXPECTED_ITERATIONS = 1000;
    /** The prior precision lambda0 of the first layer: the initialisation's N(0, 1). */
    private static final double PRIOR_PRECISION = 1.0;
    /** Keeps the Monte-Carlo samples independent of the data drawn from the same seed. */
    private static final long SAMPLE_STREAM = 0x5DEECE66DL;

    private BayesTheory() {
    }

    /** One seed's data. */
    record Draw(long seed, TransferData data) {
    }

    static List<ResultRow> rows(PointParameters p, Activation activation, List<Draw> draws, ProgressSink progress,
                                CancellationToken cancel) {
        Map<String, SeedSeries> series = new LinkedHashMap<>();
        boolean transfer = p.protocols().contains("finetune") || p.protocols().contains("joint");
        for (int s = 0; s < draws.size(); s++) {
            Draw d = draws.get(s);
            ProgressSink part = new ProgressSlice(progress, 0, 1).part(s, draws.size());
            double scale = p.lossScale(d.data());
            if (p.protocols().contains("scratch")) {
                SeedSeries out = series.computeIfAbsent("scratch", k -> new SeedSeries());
                try {
                    SaddleResult r = scratch(p, activation, d, (phase, f) -> part.report(phase, 0.3 * f), cancel);
                    add(out, r.testLoss(), r.testLossStdErr(), r.trainLoss(), scale)
                            .diagnostic("effectiveSampleFraction", r.effectiveSampleSize() / r.samples())
                            .diagnostic("saddleIterations", r.iterations())
                            .diagnostic("kernelTargetAlignment", r.targetAlignment())
                            .spectra(null, spectrum(r.trainKernel()));
                } catch (EngineException e) {
                    notConverged(out, e);
                }
            }
            if (transfer) {
                try {
                    TransferSaddleResult r = transfer(p, activation, d,
                            (phase, f) -> part.report(phase, 0.3 + 0.7 * f), cancel);
                    addTransfer(p, series, "finetune", r.fineTune(), r, scale, r.source().iterations());
                    if (r.target() != null) {
                        addTransfer(p, series, "joint", r.target(), r, scale, r.iterations());
                    } else if (p.protocols().contains("joint")) {
                        notConverged(series.computeIfAbsent("joint", k -> new SeedSeries()), r.targetFailure());
                    }
                } catch (EngineException e) {
                    for (String protocol : List.of("finetune", "joint")) {
                        if (p.protocols().contains(protocol)) {
                            notConverged(series.computeIfAbsent(protocol, k -> new SeedSeries()), e);
                        }
                    }
                }
            }
        }
        return Rows.inProtocolOrder(p, series, METHOD);
    }

    /** The spec fields whose gamma a protocol's bayes row depends on, for the result's notes. */
    static String gammaFields(String protocol) {
        return switch (protocol) {
            case "scratch" -> "target.gamma";
            case "finetune" -> "source.gamma";
            default -> "source.gamma or target.gamma";
        };
    }

    private static void addTransfer(PointParameters p, Map<String, SeedSeries> series, String protocol,
                                    KernelPredictor f, TransferSaddleResult r, double scale, int iterations) {
        if (!p.protocols().contains(protocol)) {
            return;
        }
        SeedSeries out = add(series.computeIfAbsent(protocol, k -> new SeedSeries()), f.testLoss(), f.testLossStdErr(),
                f.trainLoss(), scale)
                .diagnostic("saddleIterations", iterations)
                .diagnostic("sourceEffectiveSampleFraction", r.source().effectiveSampleSize() / r.source().samples())
                .diagnostic("sourceKernelTargetAlignment", r.source().targetAlignment())
                .spectra(spectrum(r.sourceKernelOnTarget()), spectrum(f.trainKernel()));
        if ("joint".equals(protocol)) {
            out.diagnostic("effectiveSampleFraction", r.effectiveSampleSize() / r.samples())
                    .diagnostic("kernelTargetAlignment", r.targetAlignment());
        }
    }

    private static SeedSeries add(SeedSeries out, double test, double testStdErr, double train, double scale) {
        return out.add(test / scale, train / scale)
                .errorOfMean("monteCarloStdErr", testStdErr / scale)
                .diagnostic("converged", 1);
    }

    /** The saddle refused (NON_CONVERGED): no loss for this seed, and the row says so. Anything else fails the job. */
    private static void notConverged(SeedSeries out, EngineException e) {
        if (e.code() != FailureCode.NON_CONVERGED) {
            throw e;
        }
        notConverged(out, e.getMessage());
    }

    /** The reason goes to the job's log: the row's note names the gamma field, this the limit reached. */
    private static void notConverged(SeedSeries out, String reason) {
        LOG.warn("bayes seed without a loss: {}", reason);
        out.add(Double.NaN, Double.NaN).diagnostic("converged", 0);
    }

    private static SaddleResult scratch(PointParameters p, Activation activation, Draw d, ProgressSink progress,
                                        CancellationToken cancel) {
        Dataset target = d.data().target();
        Dataset test = d.data().test();
        Matrix x = stack(target.x(), test.x());
        return AdaptiveKernelSaddle.solve(InputKernels.linear(x, x), target.y(), test.clean(),
                saddle(p, p.target().gamma(), "target.gamma", activation, d.seed()), progress, cancel);
    }

    private static TransferSaddleResult transfer(PointParameters p, Activation activation, Draw d, ProgressSink progress,
                                                 CancellationToken cancel) {
        TransferData data = d.data();
        Matrix x = stack(stack(data.source().x(), data.target().x()), data.test().x());
        // without joint, only the source kernel is needed: the cheapest target saddle is one conditional
        // sample pinned to its source sample
        boolean joint = p.protocols().contains("joint");
        TransferSaddleSpec spec = new TransferSaddleSpec(
                saddle(p, p.source().gamma(), "source.gamma", activation, d.seed()),
                p.target().gamma(), joint ? p.target().elastic() : Double.POSITIVE_INFINITY, PRIOR_PRECISION,
                conditionalSamples(p));
        return BayesTransferSaddle.solve(InputKernels.linear(x, x), data.source().y(), data.target().y(),
                data.test().clean(), spec, progress, cancel);
    }

    private static int conditionalSamples(PointParameters p) {
        return p.protocols().contains("joint") ? p.spec().theory().bayes().conditionalSamples() : 1;
    }

    private static SaddleSpec saddle(PointParameters p, double gamma, String gammaField, Activation activation,
                                     long seed) {
        TheorySpec.BayesSpec b = p.spec().theory().bayes();
        return new SaddleSpec(gamma, b.beta(), b.samples(), SaddleSpec.DAMPING, SaddleSpec.TOLERANCE,
                SaddleSpec.MAX_ITERATIONS, seed ^ SAMPLE_STREAM, activation, gammaField);
    }

    private static double[] spectrum(Matrix kernel) {
        return TopEigenvalues.overTrace(kernel, KernelSpectra.TOP);
    }

    /** The rows of a above those of b. */
    private static Matrix stack(Matrix a, Matrix b) {
        double[] data = new double[a.data().length + b.data().length];
        System.arraycopy(a.data(), 0, data, 0, a.data().length);
        System.arraycopy(b.data(), 0, data, a.data().length, b.data().length);
        return Matrix.wrap(a.rows() + b.rows(), a.cols(), data);
    }

    /** Arithmetic on the point's sizes only ({@link CostModel}): the saddles of every seed. */
    static CostEstimate estimate(PointParameters p) {
        TheorySpec.BayesSpec b = p.spec().theory().bayes();
        int p1 = p.sourceSamples();
        int p2 = p.targetSamples();
        int pt = p.testSamples();
        double flops = 0;
        long memory = 0;
        if (p.protocols().contains("scratch")) {
            CostEstimate c = SaddleCost.estimate(p2, p2 + pt, b.samples(), EXPECTED_ITERATIONS);
            flops += c.flops();
            memory = Math.max(memory, c.memoryBytes());
        }
        if (p.protocols().contains("finetune") || p.protocols().contains("joint")) {
            CostEstimate source = SaddleCost.estimate(p1, p1 + p2 + pt, b.samples(), EXPECTED_ITERATIONS);
            CostEstimate target = SaddleCost.estimate(p2, p2 + pt, (long) b.samples() * conditionalSamples(p),
                    EXPECTED_ITERATIONS);
            flops += source.flops() + target.flops();
            memory = Math.max(memory, source.memoryBytes() + target.memoryBytes());
        }
        return new CostEstimate(p.seeds() * flops, memory);
    }
}
