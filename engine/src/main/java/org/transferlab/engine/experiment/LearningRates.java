package org.transferlab.engine.experiment;

import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.theory.linear.LinearDesign;
import org.transferlab.engine.theory.linear.SpikeRule;

/**
 * GD step sizes of the source and target phases: the spec's, or safe ones chosen from the data.
 *
 * <p>Linear networks: with the learning rate scaled by gamma^2 N the network's NTK on the training inputs is
 * x^T (M + q I) x'/D, 2 Sigma_hat at initialisation; GD is stable while eta < 2/lambda_max(NTK). Rich
 * training grows M along the learned direction to 1 + chi and q alike (THEORY 2.6.2), so the bound
 * shrinks to about 1/((1 + chi) lambda_max(Sigma_hat)) by the end of the phase. The automatic rate is
 * {@value #SAFETY} of that end-of-phase bound, with chi predicted by the gradient-flow formula on the
 * drawn data; the target phase allows for the source spike too (jointly rich starts from M1).
 * One draw fixes the rates of all seeds so that their curves share a time axis.
 */
record LearningRates(double source, double target) {
    private static final double SAFETY = 0.8;

    static LearningRates linear(PointParameters p, LinearSeed seed) {
        double chi1 = predictedSpike(seed.sourceDesign(), p.source().gamma());
        double chi2 = predictedSpike(seed.targetDesign(), p.target().gamma());
        double source = p.source().learningRate() != null ? p.source().learningRate()
                : SAFETY / ((1 + chi1) * seed.sourceDesign().largestEigenvalue());
        double target = p.target().learningRate() != null ? p.target().learningRate()
                : SAFETY / ((1 + chi1 + chi2) * seed.targetDesign().largestEigenvalue());
        return new LearningRates(source, target);
    }

    private static double predictedSpike(LinearDesign design, double gamma) {
        double[] beta = design.minNormInterpolant();
        return SpikeRule.GRADIENT_FLOW.chi(gamma, Vectors.dot(beta, beta));
    }
}
