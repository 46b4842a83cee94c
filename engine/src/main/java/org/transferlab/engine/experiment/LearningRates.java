package org.transferlab.engine.experiment;

import org.transferlab.engine.kernel.ArcCosineKernels;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Lanczos;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.theory.linear.LinearDesign;
import org.transferlab.engine.theory.linear.SpikeRule;

/**
 * GD step sizes of the source phase and of each protocol's target phase: the spec's learning rate
 * where it gives one, otherwise a safe one chosen from the data.
 *
 * <p>Linear networks: with the learning rate scaled by gamma^2 N, the NTK on the training inputs is
 * x^T (M + q I) x'/D, 2 Sigma_hat at initialisation; GD is stable while eta < 2/lambda_max(NTK). Rich
 * training grows M along the learned direction to 1 + chi and q alike (THEORY 2.6.2), so the bound
 * shrinks to about 1/((1 + chi) lambda_max(Sigma_hat)) by the end of a phase that learns a spike chi.
 * Hence, with chi predicted by the gradient-flow formula on the drawn data and SAFETY = {@value #SAFETY}:
 * <ul>
 *   <li>source and scratch: SAFETY/((1 + chi) lambda_max) with their own chi;</li>
 *   <li>finetune: the readout alone sees x^T M1 x'/D, which does not grow: SAFETY 2/((1 + chi1) lambda_max);</li>
 *   <li>joint: starts from M1 and learns chi2 on top: SAFETY/((1 + chi1 + chi2) lambda_max).</li>
 * </ul>
 * One draw fixes the rates of all seeds so that their curves share a time axis; a protocol's theory
 * curve uses the same rate as its simulation. {@code sourceLazy} and {@code targetLazy} are the stable
 * rates of a lazy network on each training set, SAFETY 2/lambda_max(NTK0): they depend on the data
 * alone and turn a spec's {@code steps} into a gradient-flow horizon ({@link PhasePlan}).
 */
record LearningRates(double source, double scratch, double finetune, double joint, double sourceLazy,
                     double targetLazy) {
    private static final double SAFETY = 0.8;

    static LearningRates linear(PointParameters p, LinearSeed seed) {
        return linear(p, predictedSpike(seed.sourceDesign(), p.source().gamma()),
                predictedSpike(seed.targetDesign(), p.target().gamma()),
                seed.sourceDesign().largestEigenvalue(), seed.targetDesign().largestEigenvalue());
    }

    private static LearningRates linear(PointParameters p, double chi1, double chi2, double lambda1, double lambda2) {
        Double given = p.target().learningRate();
        return new LearningRates(
                p.source().learningRate() != null ? p.source().learningRate() : SAFETY / ((1 + chi1) * lambda1),
                given != null ? given : SAFETY / ((1 + chi2) * lambda2),
                given != null ? given : SAFETY * 2 / ((1 + chi1) * lambda2),
                given != null ? given : SAFETY / ((1 + chi1 + chi2) * lambda2),
                SAFETY / lambda1, SAFETY / lambda2);
    }

    /**
     * ReLU networks: the initial NTK is the arc-cosine K_NTK0 = Phi0 + G0 o K_x (THEORY 2.1), whose
     * largest eigenvalue on each training set is computed; feature learning grows the kernel by a factor
     * that has no closed form, allowed for by {@link #growth}. It is a starting point only: the trainers
     * halve an engine-chosen rate when the actual kernel needs it
     * ({@link org.transferlab.engine.sim.StepSchedule}), and an explicit learningRate overrides the choice.
     * Fine-tuning sees the grown source kernel.
     */
    static LearningRates relu(PointParameters p, ReluSeed seed) {
        return relu(p, largestNtkEigenvalue(seed.data().source().x()), largestNtkEigenvalue(seed.data().target().x()));
    }

    private static LearningRates relu(PointParameters p, double lambda1, double lambda2) {
        double growth1 = growth(p.source().gamma());
        double growth2 = growth(p.target().gamma());
        Double given = p.target().learningRate();
        return new LearningRates(
                p.source().learningRate() != null ? p.source().learningRate() : SAFETY * 2 / (lambda1 * growth1),
                given != null ? given : SAFETY * 2 / (lambda2 * growth2),
                given != null ? given : SAFETY * 2 / (lambda2 * growth1),
                given != null ? given : SAFETY * 2 / (lambda2 * growth1 * growth2),
                SAFETY * 2 / lambda1, SAFETY * 2 / lambda2);
    }

    /**
     * The allowance for the kernel's growth at richness gamma: (1 + gamma^2)^2, at most 4 (1 + gamma^2).
     * Stability alone would need less (the trainers halve a rate that turns out too large; 1 + gamma^2
     * then converges at gamma = 1, 2, 4), but a rate near the edge follows the flow less closely: on a
     * z^2 target at gamma = 1 (D = 16, P2 = 64, t = 100) the test loss moved by 4% between the two
     * allowances, and by at most 1.2% across rates 1/2 to 1/64 of the lazy one on a smaller problem. The
     * cap keeps large gamma affordable (68 instead of 289 times the lazy steps at gamma = 4).
     */
    static double growth(double gamma) {
        double g = 1 + gamma * gamma;
        return g * Math.min(g, 4);
    }

    /**
     * The rates without the data, for cost estimates (the gateway may not have the files): the
     * eigenvalues of isotropic Gaussian inputs of unit variance per coordinate. ReLU: NTK0 ~
     * (1/2 pi) 1 1^T + O(1) diagonal + G0 o K_x, lambda_max ~ P/(2 pi) + 1/2 + (1 + sqrt(P/D))^2/4;
     * linear: Marchenko-Pastur's edge (1 + sqrt(P/D))^2 and the population spike chi of |beta|^2.
     */
    static LearningRates estimated(PointParameters p, boolean relu) {
        double d = p.inputDim();
        double edge1 = Math.pow(1 + Math.sqrt(p.sourceSamples() / d), 2);
        double edge2 = Math.pow(1 + Math.sqrt(p.targetSamples() / d), 2);
        if (relu) {
            return relu(p, p.sourceSamples() / (2 * Math.PI) + 0.5 + edge1 / 4, p.targetSamples() / (2 * Math.PI) + 0.5 + edge2 / 4);
        }
        double norm2 = p.normalisation().teacherNormSquared(p.inputDim());
        return linear(p, SpikeRule.GRADIENT_FLOW.chi(p.source().gamma(), norm2),
                SpikeRule.GRADIENT_FLOW.chi(p.target().gamma(), norm2), edge1, edge2);
    }

    private static double largestNtkEigenvalue(Matrix x) {
        Matrix ntk = ArcCosineKernels.between(x, x).ntk0();
        return Lanczos.largestEigenvalue((v, out) -> Blas.gemv(false, 1.0, ntk, v, 0.0, out), x.rows(), 1e-3, 60);
    }

    /** The target rate of a protocol (scratch, finetune, joint). */
    double target(String protocol) {
        return switch (protocol) {
            case "scratch" -> scratch;
            case "finetune" -> finetune;
            case "joint" -> joint;
            default -> throw new IllegalArgumentException("unknown protocol " + protocol);
        };
    }

    private static double predictedSpike(LinearDesign design, double gamma) {
        double[] beta = design.minNormInterpolant();
        return SpikeRule.GRADIENT_FLOW.chi(gamma, Vectors.dot(beta, beta));
    }
}
