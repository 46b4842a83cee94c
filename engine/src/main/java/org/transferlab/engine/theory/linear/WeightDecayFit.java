package org.transferlab.engine.theory.linear;

import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * The fixed point of a linear network trained by gradient flow with weight decay lambda at richness
 * gamma (THEORY 2.6.6): W_i = (gamma w_i/lambda) v with |v| = lambda/gamma, so that
 * beta_f = (Sigma_hat + rho I)^{-1} b with the self-consistent ridge rho |beta_f(rho)| = lambda/gamma,
 * and the feature kernel is rank one, gamma |beta_f| (u.x)(u.x')/D. rho |beta(rho)| rises strictly from
 * 0 to |b| as rho goes from 0 to infinity, so the ridge is unique when lambda/gamma < |b|; otherwise the
 * only fixed point is the collapsed network f = 0.
 *
 * @param rho       the self-consistent ridge (infinite when collapsed)
 * @param betaF     the learned teacher (zero when collapsed)
 * @param collapsed true when lambda/gamma >= |X^T y|/sqrt(D) and the network decays to f = 0
 */
public record WeightDecayFit(double rho, double[] betaF, boolean collapsed) {
    private static final int MAX_BISECTIONS = 400;

    public static WeightDecayFit solve(LinearDesign design, double gamma, double weightDecay) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and > 0, got " + gamma);
        }
        if (!(weightDecay > 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay lambda must be finite and > 0, got " + weightDecay);
        }
        double target = weightDecay / gamma;
        double labelNorm = Vectors.norm(design.labelProjectionData());
        if (target >= labelNorm) {
            return new WeightDecayFit(Double.POSITIVE_INFINITY, new double[design.inputDim()], true);
        }
        // rho |beta| >= rho |b|/(s_max + rho) reaches the target at this rho: an upper end of the bracket.
        double hi = target * Math.max(design.largestEigenvalue(), Double.MIN_NORMAL) / (labelNorm - target);
        double lo = hi;
        while (excess(design, lo, target) >= 0) {
            lo *= 0.5;
            if (lo == 0) {
                throw new EngineException(FailureCode.NON_CONVERGED, "self-consistent ridge: no lower bracket found");
            }
        }
        while (excess(design, hi, target) < 0) {
            hi *= 2;
        }
        // Bisection in log rho: the ridge may span many decades and the function is monotone.
        for (int i = 0; i < MAX_BISECTIONS && hi > lo * (1 + 1e-15); i++) {
            double mid = Math.sqrt(lo * hi);
            if (excess(design, mid, target) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double rho = Math.sqrt(lo * hi);
        return new WeightDecayFit(rho, design.ridgeSolution(rho), false);
    }

    private static double excess(LinearDesign design, double rho, double target) {
        return rho * Math.sqrt(design.ridgeNormSquared(rho)) - target;
    }

    /** The rank-one source kernel gamma |beta_f| (u.x)(u.x')/D (zero when collapsed). */
    public SpikedLinearKernel kernel(double gamma) {
        double norm = Vectors.norm(betaF);
        return SpikedLinearKernel.of(0, gamma * norm, betaF);
    }
}
