package org.transferlab.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.engine.data.DatasetLibrary;
import org.transferlab.engine.data.DatasetTransfer;
import org.transferlab.engine.kernel.ArcCosineKernels;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.task.Dataset;
import org.transferlab.engine.theory.dmft.FineTuneResult;
import org.transferlab.engine.theory.dmft.InfiniteWidthLoss;
import org.transferlab.engine.sim.HistogramBins;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.theory.dmft.ParticleCost;
import org.transferlab.engine.theory.dmft.ParticleDraw;
import org.transferlab.engine.theory.dmft.ParticleSolver;
import org.transferlab.engine.theory.dmft.ParticleSpec;
import org.transferlab.engine.theory.dmft.PhaseResult;
import org.transferlab.engine.theory.dmft.PointBlock;
import org.transferlab.engine.theory.dmft.ReadoutStart;
import org.transferlab.engine.theory.dmft.Sampling;
import org.transferlab.engine.theory.spectral.KernelSpectrum;
import org.transferlab.engine.theory.spectral.LearningCurve;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SweepGrid;
import org.transferlab.protocol.spec.TheorySpec;

/**
 * The {@code transfer} experiment for ReLU two-layer networks on synthetic tasks (THEORY 2.1-2.5, 4.A,
 * 4.B, 4.E). Per point:
 * <ul>
 *   <li>{@code theory}: the particle DMFT solver on each seed's data: source phase with gamma1, then
 *   fine-tuning (readout dynamics on the frozen adaptive kernel Phi_1), jointly rich and scratch
 *   phases with gamma2, each with its test-loss curve on the simulation's step axis; the loss is the
 *   infinite-particle estimate of {@link InfiniteWidthLoss}, its Monte-Carlo error beside it;</li>
 *   <li>{@code kernel}: lazy limits: scratch is ridgeless regression with the arc-cosine NTK0,
 *   finetune is the t -> infinity limit of fine-tuning, kernel regression with Phi_1 of all particles
 *   with the jackknife's bias correction, as the theory row's dynamics;</li>
 *   <li>{@code simulation}: finite-width ReLU networks trained by GD ({@link NetworkSimulation}).</li>
 * </ul>
 * The source phase of the solver is trained once per seed and reused, through the engine's
 * {@link SourcePhases}, by every sweep point (child job) that shares the source and the target set
 * (e.g. a gamma2 sweep, Figure 3).
 */
final class ReluTransferCalculator implements PointCalculator {
    /**
     * Diagnostic of the fine-tuning theory and kernel rows: the share of seeds whose jackknifed
     * particle estimate could be trusted (the others report the uncorrected pooled-kernel loss with
     * the correction in its error; the result's notes say so).
     */
    static final String ESTIMATE_RELIABLE = "estimateReliable";

    private final NetworkSimulation simulation;
    private final BoundedCache<SourcePhases.SolverKey, ParticleSolver> solvers;
    private final DatasetLibrary library;

    ReluTransferCalculator(SourcePhases phases, DatasetLibrary library) {
        this.library = library;
        this.simulation = new NetworkSimulation(phases);
        this.solvers = phases.solvers;
    }

    @Override
    public List<ResultRow> compute(SweepGrid.Point point, ProgressSink progress, CancellationToken cancel) {
        PointParameters p = parameters(point);
        List<ReluSeed> seeds = new ArrayList<>();
        for (int s = p.firstSeed(); s < p.firstSeed() + p.seeds(); s++) {
            seeds.add(ReluSeed.draw(p, s, library));
        }
        // Draw 0 sets the rates of every draw, also in a job that computes other draws only.
        ReluSeed rateDraw = p.firstSeed() == 0 ? seeds.get(0) : ReluSeed.draw(p, 0, library);
        PhasePlan plan = PhasePlan.of(p, LearningRates.relu(p, rateDraw));
        List<ResultRow> rows = new ArrayList<>();
        boolean bayes = p.wants(BayesTheory.METHOD);
        double bayesShare = bayes ? (p.spec().methods().size() > 1 ? 0.3 : 1) : 0;
        if (bayes) {
            rows.addAll(BayesTheory.rows(p, Activation.RELU, seeds.stream()
                    .map(s -> new BayesTheory.Draw(s.seed(), s.data())).toList(), new ProgressSlice(progress, 0, bayesShare),
                    cancel));
        }
        if (bayesShare == 1) {
            return rows;
        }
        progress = new ProgressSlice(progress, bayesShare, 1);
        boolean solve = p.wants("theory") || p.wants("kernel") && p.protocols().contains("finetune");
        boolean simulate = p.wants("simulation");
        double solveShare = solve ? (simulate ? 0.5 : 1) : 0;
        Map<String, SeedSeries> theory = new LinkedHashMap<>();
        Map<String, SeedSeries> kernel = new LinkedHashMap<>();
        for (int s = 0; s < seeds.size(); s++) {
            ReluSeed seed = seeds.get(s);
            ProgressSlice slice = new ProgressSlice(progress, 0, solveShare).part(s, seeds.size());
            if (solve) {
                addSolverSeed(p, seed, plan, theory, kernel, slice, cancel);
            }
            if (p.wants("kernel") && p.protocols().contains("scratch")) {
                Dataset test = seed.data().test();
                double scale = p.lossScale(seed.data());
                // kernel rows are t -> infinity fixed points, solved directly: converged by construction
                LazyScratch lazy = LazyScratch.fit(seed.data().target(), test);
                kernel.computeIfAbsent("scratch", k -> new SeedSeries()).add(lazy.testLoss() / scale, lazy.trainLoss() / scale)
                        .diagnostic("converged", 1.0)
                        .diagnostic("learningCurveTheory", learningCurve(p, ArcCosineKernels.between(test.x(), test.x()).ntk0(),
                                test.clean(), 0, scale));
            }
        }
        if (p.wants("theory")) {
            rows.addAll(Rows.inProtocolOrder(p, theory, "theory"));
        }
        if (p.wants("kernel")) {
            rows.addAll(Rows.inProtocolOrder(p, kernel, "kernel"));
        }
        if (simulate) {
            ProgressSlice sims = new ProgressSlice(progress, solveShare, 1);
            Map<String, SeedSeries> series = new LinkedHashMap<>();
            for (int s = 0; s < seeds.size(); s++) {
                ReluSeed seed = seeds.get(s);
                simulation.addSeed(p, Activation.RELU, seed.seed(), seed.data(), plan, series, sims.part(s, seeds.size()), cancel);
            }
            rows.addAll(Rows.inProtocolOrder(p, series, "simulation"));
        }
        return rows;
    }

    private void addSolverSeed(PointParameters p, ReluSeed seed, PhasePlan plan, Map<String, SeedSeries> theory,
                               Map<String, SeedSeries> kernel, ProgressSink progress, CancellationToken cancel) {
        int particles = p.spec().theory().particles();
        ParticleDraw draw = ParticleDraw.named(p.spec().theory().particleDrawOrDefault());
        PhaseSettings sourcePhase = plan.source();
        SourcePhases.SolverKey key = new SourcePhases.SolverKey(seed.seed(), p.source(), p.targetSamples(), p.target().task(),
                p.inputDim(), p.testSamples(), p.normalisation(), particles, draw, sourcePhase.learningRate(),
                sourcePhase.recordEvery());
        ParticleSolver solver = solvers.get(key);
        if (solver == null) {
            solver = new ParticleSolver(seed.particleData(), new ParticleSpec(particles, TheorySpec.PARTICLE_GROUPS, seed.seed(),
                    Sampling.AUTO, Activation.RELU, true, HistogramBins.PREACTIVATIONS, draw));
            solver.trainSource(sourcePhase, (phase, f) -> progress.report("theory solve (source)", 0.5 * f), cancel);
            solvers.put(key, solver);
        }
        // the solver keeps the state of its last target phase: two jobs of one worker take turns with it
        synchronized (solver) {
            addTargetPhases(p, seed, plan, solver, theory, kernel, progress, cancel);
        }
    }

    private void addTargetPhases(PointParameters p, ReluSeed seed, PhasePlan plan, ParticleSolver solver,
                                 Map<String, SeedSeries> theory, Map<String, SeedSeries> kernel, ProgressSink progress,
                                 CancellationToken cancel) {
        ProgressSink targets = (phase, f) -> progress.report("theory solve (target)", 0.5 + 0.5 * f);
        double scale = p.lossScale(seed.data());
        double sourceScale = p.sourceLossScale(seed.data());
        PhaseResult source = solver.sourceResult();
        for (String protocol : p.protocols()) {
            PhaseSettings phase = plan.target(protocol);
            switch (protocol) {
                case "finetune" -> {
                    // a random readout start is the zero start at infinite width once the output is centred
                    ReadoutStart start = "source".equals(p.target().readoutStart()) ? ReadoutStart.SOURCE : ReadoutStart.ZERO;
                    FineTuneResult ft = solver.fineTune(phase, start, targets, cancel);
                    if (p.wants("theory")) {
                        add(p, theory, protocol, ft.readoutDynamics(), phase, scale, source, plan.source(), sourceScale)
                                .diagnostic("pooledKernelTestLoss", ft.pooledTestLoss() / scale)
                                .diagnostic("kernelLimit", ft.kernelRegression().loss() / scale)
                                .diagnostic(ESTIMATE_RELIABLE, reliable(ft.readoutDynamics().testLoss().orElseThrow()));
                    }
                    kernel.computeIfAbsent(protocol, k -> new SeedSeries())
                            .add(ft.kernelRegression().loss() / scale, ft.kernelTrainLoss() / scale)
                            .diagnostic("converged", 1.0)
                            .diagnostic(ESTIMATE_RELIABLE, reliable(ft.kernelRegression()))
                            .errorOfMean("monteCarloStdErr", ft.kernelRegression().stdErr() / scale)
                            .diagnostic("learningCurveTheory", learningCurve(p, solver.featureKernel(PointBlock.TEST, PointBlock.TEST),
                                    seed.data().test().clean(), p.target().ridge(), scale));
                }
                case "joint" -> {
                    if (p.wants("theory")) {
                        add(p, theory, protocol, solver.jointlyRich(phase, targets, cancel), phase, scale, source, plan.source(),
                                sourceScale);
                    }
                }
                case "scratch" -> {
                    if (p.wants("theory")) {
                        add(p, theory, protocol, solver.scratch(phase, targets, cancel), phase, scale, null, null, 0);
                    }
                }
                default -> throw new IllegalArgumentException("unknown protocol " + protocol);
            }
        }
    }

    /**
     * One seed's solver phase into its protocol's series: final loss, Monte-Carlo error, convergence (of
     * the source phase too, for the protocols that start from it), alignment, loss and alignment curves
     * against gradient-flow time, and the spectra of the source and target kernels on the target-train
     * set, every loss divided by the point's loss scale.
     */
    private static SeedSeries add(PointParameters p, Map<String, SeedSeries> series, String protocol, PhaseResult r,
                                  PhaseSettings phase, double scale, PhaseResult source, PhaseSettings sourcePhase,
                                  double sourceScale) {
        InfiniteWidthLoss test = r.testLoss().orElseThrow();
        int[] steps = r.curve().steps();
        SeedSeries s = series.computeIfAbsent(protocol, k -> new SeedSeries())
                .add(test.loss() / scale, r.trainLoss().mean() / scale)
                .errorOfMean("monteCarloStdErr", test.stdErr() / scale)
                .diagnostic("ensembleTestLoss", test.ensembleLoss() / scale)
                .diagnostic("groupMeanTestLoss", test.groupMeanLoss() / scale)
                .diagnostic("finiteWidthExcess", test.excessAtWidth(p.spec().theory().particles() / TheorySpec.PARTICLE_GROUPS,
                        p.spec().network().width()) / scale)
                .diagnostic("particleGroups", TheorySpec.PARTICLE_GROUPS)
                .diagnostic("kernelTargetAlignment", r.targetAlignment())
                .diagnostic("particles", p.spec().theory().particles());
        Convergence.of(p.target(), r.curve().trainLoss(), r.trainLoss().mean(), scale,
                steps[steps.length - 1] * phase.learningRate(), r.finalRate(), r.stepsTaken()).addTo(s);
        if (source != null) {
            int[] sourceSteps = source.curve().steps();
            Convergence.of(p.source(), source.curve().trainLoss(), source.trainLoss().mean(), sourceScale,
                    sourceSteps[sourceSteps.length - 1] * sourcePhase.learningRate(), source.finalRate(), source.stepsTaken())
                    .addSourceTo(s);
        }
        if (r.testPreactivations() != null) {
            s.density(r.testPreactivations());
        }
        if (p.curvePoints() > 0 && r.curve().testLoss().length > 0) {
            double[] curve = r.curve().testLoss().clone();
            for (int k = 0; k < curve.length; k++) {
                curve[k] /= scale;
            }
            double[] time = PhasePlan.timeAxis(phase, steps);
            s.curve(time, curve).alignmentCurve(time, r.curve().alignment());
        }
        return s.spectra(source == null ? null : source.targetSpectrum(), r.targetSpectrum());
    }

    /**
     * The spectral learning-curve prediction (THEORY 2.7) for kernel regression on P2 target points with
     * this kernel: its Mercer spectrum estimated on the test points (an independent sample of the input
     * distribution), the target's coefficients from their clean labels. Reported next to the kernel
     * row's actual regression, it separates what the spectrum explains from finite-P2 fluctuation.
     */
    private static double learningCurve(PointParameters p, Matrix testGram, double[] testTarget, double ridge, double scale) {
        double noise = p.targetNoise() * p.targetNoise() * scale;
        return LearningCurve.evaluate(KernelSpectrum.fromGram(testGram.asEjml(), testTarget), p.targetSamples(), ridge, noise)
                .error() / scale;
    }

    /** Ridgeless regression with the arc-cosine NTK0: the lazy network's t -> infinity limit. */
    private record LazyScratch(double testLoss, double trainLoss) {
        static LazyScratch fit(Dataset train, Dataset test) {
            Matrix gram = ArcCosineKernels.between(train.x(), train.x()).ntk0();
            var fit = KernelRidge.fit(gram, train.y(), 0);
            return new LazyScratch(fit.testMse(ArcCosineKernels.between(test.x(), train.x()).ntk0(), test.clean()),
                    fit.testMse(gram, train.y()));
        }
    }

    /** The point's numbers; a dataset task's input dimension comes from its files (loaded once per worker). */
    private PointParameters parameters(SweepGrid.Point point) {
        ExperimentSpec spec = point.spec().withDefaults();
        if (!PointParameters.isDataset(spec)) {
            return PointParameters.of(point);
        }
        return PointParameters.of(point, DatasetTransfer.inputDim(library, spec.source(), "source"));
    }

    /** Arithmetic on the point's sizes only ({@link CostModel}). */
    static CostEstimate estimate(PointParameters p) {
        int d = p.inputDim();
        int p1 = p.sourceSamples();
        int p2 = p.targetSamples();
        int pt = p.testSamples();
        double flops = 0;
        long memory = 8L * (p1 + p2 + pt) * (p1 + p2 + pt);
        if (p.wants("theory") || p.wants("kernel")) {
            PhasePlan plan = PhasePlan.of(p, LearningRates.estimated(p, true));
            long featureSteps = (p.protocols().contains("joint") ? plan.target("joint").steps() : 0L)
                    + (p.protocols().contains("scratch") ? plan.target("scratch").steps() : 0L);
            CostEstimate solver = ParticleCost.estimate(p1, p2, pt, d, p.spec().theory().particles(), Sampling.AUTO,
                    ParticleDraw.named(p.spec().theory().particleDrawOrDefault()), plan.source().steps(),
                    featureSteps, plan.target("scratch").recordEvery());
            flops += p.seeds() * (solver.flops() + CostModel.kernelRecords(p, p.spec().theory().particles()));
            memory = Math.max(memory, solver.memoryBytes());
        }
        if (p.wants("simulation")) {
            CostEstimate gd = NetworkSimulation.estimate(p);
            flops += gd.flops();
            memory = Math.max(memory, gd.memoryBytes());
        }
        return new CostEstimate(flops, memory);
    }

    private static double reliable(InfiniteWidthLoss estimate) {
        return estimate.corrected() ? 1 : 0;
    }
}
