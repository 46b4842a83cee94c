package org.transferlab.engine.task;

import java.util.random.RandomGenerator;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/** Source and target teacher vectors with a prescribed geometry (THEORY 1.2). */
public final class TeacherDirections {
    private TeacherDirections() {
    }

    /** A uniformly random direction, scaled by the normalisation. */
    public static double[] source(int inputDim, TeacherNormalisation normalisation, RandomGenerator rng) {
        return Vectors.scaled(randomUnit(inputDim, rng), normalisation.norm(inputDim));
    }

    /**
     * beta_t = |beta| (alpha_s beta_hat_s + alpha_g g_hat + sqrt(1 - alpha_s^2 - alpha_g^2) e_hat), e_hat a
     * random unit vector orthogonal to beta_s and g_hat. {@code noise} may be null when alpha_g = 0.
     */
    public static double[] target(double[] betaS, NoiseDirection noise, double alignment, double noiseAlignment,
                                  TeacherNormalisation normalisation, RandomGenerator rng) {
        double rest = 1 - alignment * alignment - noiseAlignment * noiseAlignment;
        if (!(rest >= -1e-12) || Math.abs(alignment) > 1 || Math.abs(noiseAlignment) > 1) {
            throw new EngineException(FailureCode.INVALID_SPEC, "alignment^2 + noiseAlignment^2 must be <= 1, got alignment="
                    + alignment + ", noiseAlignment=" + noiseAlignment);
        }
        boolean useNoise = noiseAlignment != 0;
        if (useNoise && (noise == null || !noise.isDefined())) {
            throw new EngineException(FailureCode.INVALID_SPEC, "noiseAlignment=" + noiseAlignment
                    + " needs a noise direction, but the source-learned direction is parallel to the source teacher"
                    + " (P1 >= D without label noise)");
        }
        int d = betaS.length;
        double[] sHat = Vectors.unit(betaS);
        double[] gHat = noise != null && noise.isDefined() ? noise.unit() : null;
        double[] e = randomUnit(d, rng);
        // Gram-Schmidt twice: one pass leaves rounding-level overlaps that a test of orthogonality sees.
        for (int pass = 0; pass < 2; pass++) {
            Vectors.addScaled(e, -Vectors.dot(e, sHat), sHat);
            if (gHat != null) {
                Vectors.addScaled(e, -Vectors.dot(e, gHat), gHat);
            }
        }
        e = Vectors.unit(e);
        double[] t = Vectors.scaled(sHat, alignment);
        if (useNoise) {
            Vectors.addScaled(t, noiseAlignment, gHat);
        }
        Vectors.addScaled(t, Math.sqrt(Math.max(rest, 0)), e);
        return Vectors.scaled(t, normalisation.norm(d));
    }

    private static double[] randomUnit(int d, RandomGenerator rng) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = rng.nextGaussian();
        }
        return Vectors.unit(v);
    }
}
