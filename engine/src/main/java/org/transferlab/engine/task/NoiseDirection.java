package org.transferlab.engine.task;

import org.transferlab.engine.linalg.LeastSquares;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;

/**
 * The "noise direction" g_hat of THEORY 1.2: a network trained by gradient flow on the source set
 * learns beta_f1 = X1^+ y1 (min-norm interpolant, label noise included, in units where
 * f(x) = beta.x/sqrt(D)); g_hat is the unit vector along the part of beta_f1 orthogonal to beta_s.
 * By construction beta_f1 lies in span{beta_s, g_hat}.
 *
 * When beta_f1 is parallel to beta_s (P1 >= D without label noise) there is no such direction and
 * {@link #unit()} is null.
 *
 * @param sourceLearnedBeta beta_f1 = sqrt(D) X1^+ y1
 * @param unit              g_hat, or null when undefined
 */
public record NoiseDirection(double[] sourceLearnedBeta, double[] unit) {
    /** Relative size below which the orthogonal part of beta_f1 is rounding error, not a direction. */
    private static final double PARALLEL_TOLERANCE = 1e-9;

    public boolean isDefined() {
        return unit != null;
    }

    /** Needs the actual source set: g_hat depends on the source inputs and their label noise. */
    public static NoiseDirection of(Dataset source, double[] betaS) {
        Matrix x = source.x();
        double[] b = LeastSquares.minNorm(x, source.y());
        double[] betaF1 = Vectors.scaled(b, Math.sqrt(x.cols()));
        double[] sHat = Vectors.unit(betaS);
        double[] orth = betaF1.clone();
        Vectors.addScaled(orth, -Vectors.dot(betaF1, sHat), sHat);
        double orthNorm = Vectors.norm(orth);
        if (!(orthNorm > PARALLEL_TOLERANCE * Math.max(Vectors.norm(betaF1), 1e-300))) {
            return new NoiseDirection(betaF1, null);
        }
        return new NoiseDirection(betaF1, Vectors.scaled(orth, 1.0 / orthNorm));
    }
}
