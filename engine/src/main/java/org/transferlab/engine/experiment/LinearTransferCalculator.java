package org.transferlab.engine.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.engine.data.DatasetLibrary;
import org.transferlab.engine.data.DatasetTransfer;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.theory.linear.LinearFlowResult;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.SweepGrid;

/**
 * The {@code transfer} experiment for linear two-layer networks (THEORY 1, 2.6, 4.C, 4.E). Per point:
 * <ul>
 *   <li>{@code theory}: proportional-limit closed forms for scratch and finetune
 *   ({@link LinearTheoryRows}), on a dataset their exact finite-D limits on its inputs; the exact D x D flow
 *   on each seed's data for joint ({@link JointFlowTheory});</li>
 *   <li>{@code kernel}: kernel regression with each protocol's infinite-width kernel on each seed's data
 *   ({@link LinearKernelRegression});</li>
 *   <li>{@code simulation}: finite-width networks trained by GD ({@link NetworkSimulation}).</li>
 * </ul>
 * Finetune and joint rows of the seeded methods carry the per-seed transfer gain over scratch when
 * scratch is among the protocols. One instance serves one job; source phases live in the engine's
 * {@link SourcePhases}, shared by its jobs.
 */
final class LinearTransferCalculator implements PointCalculator {
    private final NetworkSimulation simulation;
    private final BoundedCache<SourcePhases.FlowKey, LinearFlowResult> sourceFlows;
    private final DatasetLibrary library;

    LinearTransferCalculator(SourcePhases phases, DatasetLibrary library) {
        this.simulation = new NetworkSimulation(phases);
        this.sourceFlows = phases.flows;
        this.library = library;
    }

    @Override
    public List<ResultRow> compute(SweepGrid.Point point, ProgressSink progress, CancellationToken cancel) {
        PointParameters p = parameters(point);
        boolean simulate = p.wants("simulation");
        boolean jointFlow = p.wants("theory") && p.protocols().contains("joint");
        List<ResultRow> rows = new ArrayList<>();
        // The closed forms depend on no draw: the job holding draw 0 reports them, so that a job split
        // into one job per draw has them once.
        if (p.wants("theory") && !p.isDataset() && p.firstSeed() == 0) {
            rows.addAll(LinearTheoryRows.rows(p));
        }
        boolean bayes = p.wants(BayesTheory.METHOD);
        boolean drawsData = simulate || jointFlow || bayes || p.wants("kernel") || p.wants("theory") && p.isDataset();
        if (!drawsData) {
            return rows;
        }
        List<LinearSeed> seeds = new ArrayList<>();
        for (int s = p.firstSeed(); s < p.firstSeed() + p.seeds(); s++) {
            seeds.add(LinearSeed.draw(p, s, library));
        }
        // Draw 0 sets the rates of every draw, also in a job that computes other draws only.
        LinearSeed rateDraw = p.firstSeed() == 0 ? seeds.get(0) : LinearSeed.draw(p, 0, library);
        PhasePlan plan = PhasePlan.of(p, LearningRates.linear(p, rateDraw));
        if (bayes) {
            double share = p.spec().methods().size() > 1 ? 0.3 : 1;
            rows.addAll(BayesTheory.rows(p, Activation.LINEAR, seeds.stream()
                    .map(s -> new BayesTheory.Draw(s.seed(), s.data())).toList(), new ProgressSlice(progress, 0, share),
                    cancel));
            progress = new ProgressSlice(progress, share, 1);
        }
        ProgressSlice analytic = new ProgressSlice(progress, 0, simulate ? 0.1 : 1);
        if (p.wants("theory") && p.isDataset()) {
            rows.addAll(finiteDimensionTheory(p, seeds, cancel));
        }
        if (jointFlow) {
            rows.add(jointTheory(p, seeds, plan.target("joint"), analytic.part(0, 2), cancel));
        }
        if (p.wants("kernel")) {
            rows.addAll(kernelRows(p, seeds, cancel));
        }
        if (simulate) {
            ProgressSlice sims = new ProgressSlice(progress, 0.1, 1);
            Map<String, SeedSeries> series = new LinkedHashMap<>();
            for (int s = 0; s < seeds.size(); s++) {
                LinearSeed seed = seeds.get(s);
                simulation.addSeed(p, Activation.LINEAR, seed.seed(), seed.data(), plan, series,
                        sims.part(s, seeds.size()), cancel);
            }
            rows.addAll(Rows.inProtocolOrder(p, series, "simulation"));
        }
        return rows;
    }

    private ResultRow jointTheory(PointParameters p, List<LinearSeed> seeds, PhaseSettings joint, ProgressSink progress,
                                  CancellationToken cancel) {
        double[] axis = p.stepAxis(joint.steps());
        SeedSeries series = new SeedSeries();
        for (LinearSeed seed : seeds) {
            cancel.throwIfCancelled();
            SourcePhases.FlowKey key = new SourcePhases.FlowKey(seed.seed(), p.source(), p.inputDim(), p.normalisation());
            LinearFlowResult source = sourceFlows.get(key);
            if (source == null) {
                source = JointFlowTheory.source(p, seed, progress, cancel);
                sourceFlows.put(key, source);
            }
            JointFlowTheory.Outcome o = JointFlowTheory.target(p, seed, source, axis, joint.learningRate(), progress, cancel);
            // The flow runs until its residual is below tolerance or throws: a row means converged.
            series.add(o.testLoss(), o.trainLoss())
                    .diagnostic("converged", 1.0)
                    .diagnostic("chi1", o.chi1())
                    .diagnostic("residual", o.residual())
                    .diagnostic("flowTime", o.time())
                    .diagnostic("learningRateTarget", joint.learningRate());
            if (p.curvePoints() > 0 && o.curve().length > 0) {
                series.curve(Arrays.stream(axis).map(k -> k * joint.learningRate()).toArray(), o.curve());
            }
        }
        return series.toRow(p.rowPoint(), "joint", "theory");
    }

    private static List<ResultRow> kernelRows(PointParameters p, List<LinearSeed> seeds, CancellationToken cancel) {
        Map<String, SeedSeries> series = new LinkedHashMap<>();
        for (LinearSeed seed : seeds) {
            cancel.throwIfCancelled();
            for (String protocol : p.protocols()) {
                LinearKernelRegression.Fit fit = LinearKernelRegression.fit(protocol, p, seed);
                // a kernel row is the flow's t -> infinity fixed point, solved directly: converged by construction
                SeedSeries s = series.computeIfAbsent(protocol, k -> new SeedSeries())
                        .add(fit.testLoss(), fit.trainLoss())
                        .diagnostic("residual", fit.residual())
                        .diagnostic("converged", 1.0);
                if (!"scratch".equals(protocol) && !p.isDataset()) {
                    s.diagnostic("alphaEff", seed.alphaEff());
                }
            }
        }
        return Rows.inProtocolOrder(p, series, "kernel");
    }

    /**
     * The scratch and finetune {@code theory} rows on a dataset, where no proportional limit applies (no
     * teacher, inputs not Gaussian): the infinitely wide network's t -> infinity limits on the dataset's
     * own inputs, exact at finite D. Scratch converges to the ridge (ridgeless: minimum-norm) regression with
     * the input kernel, finetune to that with the source-adapted kernel I + chi1 u u^T of this source set
     * (THEORY 2.6.2-2.6.4 before the limit is taken). They are the kernel rows' computations, named
     * theory here because at infinite width nothing else remains of these two protocols.
     */
    private static List<ResultRow> finiteDimensionTheory(PointParameters p, List<LinearSeed> seeds, CancellationToken cancel) {
        Map<String, SeedSeries> series = new LinkedHashMap<>();
        for (LinearSeed seed : seeds) {
            cancel.throwIfCancelled();
            for (String protocol : p.protocols()) {
                if (!"joint".equals(protocol)) {
                    LinearKernelRegression.Fit fit = LinearKernelRegression.fit(protocol, p, seed);
                    series.computeIfAbsent(protocol, k -> new SeedSeries()).add(fit.testLoss(), fit.trainLoss())
                            .diagnostic("residual", fit.residual())
                            .diagnostic("converged", 1.0);
                }
            }
        }
        return Rows.inProtocolOrder(p, series, "theory");
    }

    /** The point's numbers; a dataset task's input dimension comes from its files (loaded once per worker). */
    private PointParameters parameters(SweepGrid.Point point) {
        if (!PointParameters.isDataset(point.spec().withDefaults())) {
            return PointParameters.of(point);
        }
        return PointParameters.of(point, DatasetTransfer.inputDim(library, point.spec().withDefaults().source(), "source"));
    }

    /** Arithmetic on the point's sizes only ({@link CostModel}). */
    static CostEstimate estimate(PointParameters p) {
        double d = p.inputDim();
        double p1 = p.sourceSamples();
        double p2 = p.targetSamples();
        double pt = p.testSamples();
        double seeds = p.seeds();
        double flops = seeds * (p1 + p2) * d * d;   // designs (Sigma_hat, eigen-systems)
        long memory = (long) (8 * ((p1 + p2 + pt) * d + 2 * d * d));
        if (p.wants("kernel")) {
            flops += seeds * p.protocols().size() * (p2 * p2 * d + p2 * p2 * p2 / 3 + pt * p2 * d);
            memory = Math.max(memory, (long) (8 * (p2 * p2 + pt * p2)));
        }
        if (p.wants("theory") && p.protocols().contains("joint")) {
            // The flow: a few D^2 products per RK4 stage, typically a few thousand accepted steps per phase.
            flops += seeds * 2 * 5_000 * 12 * 4 * d * d;
        }
        if (p.wants("simulation")) {
            CostEstimate gd = NetworkSimulation.estimate(p);
            flops += gd.flops();
            memory = Math.max(memory, gd.memoryBytes());
        }
        return new CostEstimate(flops, memory);
    }
}
