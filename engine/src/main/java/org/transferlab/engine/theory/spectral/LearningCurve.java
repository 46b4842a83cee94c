package org.transferlab.engine.theory.spectral;

import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * The kernel-regression learning curve of THEORY 2.7 for any spectrum:
 * <pre>
 *   kappa = ridge + kappa sum_k eta_k/(P eta_k + kappa)
 *   g     = sum_k P eta_k^2/(P eta_k + kappa)^2
 *   E_g   = [ sum_k kappa^2 v_k^2/(P eta_k + kappa)^2 + g sigma^2 ] / (1 - g)
 * </pre>
 * Dividing by kappa, h(kappa) = 1 - ridge/kappa - sum_k eta_k/(P eta_k + kappa) rises strictly on
 * kappa > 0 to 1, so the positive root is unique and is found by bisection in log kappa on a bracket
 * that is valid by construction: h >= 1 - (ridge + sum eta)/kappa >= 0 at ridge + sum eta, and
 * h <= 1 - ridge/kappa <= 0 at kappa = ridge. Ridgeless with no more positive modes than samples the
 * root is kappa = 0 (every mode is learned exactly).
 */
public final class LearningCurve {
    private static final int MAX_BISECTIONS = 2000;
    private static final double RELATIVE_TOLERANCE = 1e-15;

    private LearningCurve() {
    }

    /**
     * @param spectrum      eta_k, v_k
     * @param samples       P (> 0)
     * @param ridge         lambda >= 0, in the units of the kernel Gram matrix
     * @param noiseVariance sigma^2 of the training labels; the returned error is on the clean target
     */
    public static Point evaluate(KernelSpectrum spectrum, double samples, double ridge, double noiseVariance) {
        if (!(noiseVariance >= 0) || Double.isInfinite(noiseVariance)) {
            throw new IllegalArgumentException("noiseVariance must be finite and >= 0, got " + noiseVariance);
        }
        double kappa = kappa(spectrum, samples, ridge);
        double g = 0;
        double bias = 0;
        for (int k = 0; k < spectrum.size(); k++) {
            double pEta = samples * spectrum.eigenvalue(k);
            double v = spectrum.coefficient(k);
            double denominator = pEta + kappa;
            if (denominator == 0) {
                bias += v * v; // a mode with zero eigenvalue is never learned
                continue;
            }
            g += pEta * spectrum.eigenvalue(k) / (denominator * denominator);
            bias += kappa * kappa * v * v / (denominator * denominator);
        }
        double numerator = bias + g * noiseVariance;
        double oneMinusG = 1 - g;
        double error;
        if (oneMinusG <= 0) {
            // Ridgeless interpolation peak (P equals the number of modes).
            error = numerator == 0 ? 0 : Double.POSITIVE_INFINITY;
        } else {
            error = numerator / oneMinusG;
        }
        return new Point(kappa, g, error);
    }

    /** The positive root kappa of the self-consistency, or 0 when ridgeless and P >= number of positive modes. */
    public static double kappa(KernelSpectrum spectrum, double samples, double ridge) {
        if (!(samples > 0) || Double.isInfinite(samples)) {
            throw new IllegalArgumentException("samples P must be finite and > 0, got " + samples);
        }
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge must be finite and >= 0, got " + ridge);
        }
        double trace = 0;
        int positive = 0;
        for (int k = 0; k < spectrum.size(); k++) {
            trace += spectrum.eigenvalue(k);
            if (spectrum.eigenvalue(k) > 0) {
                positive++;
            }
        }
        if (ridge == 0 && positive <= samples) {
            return 0;
        }
        double hi = ridge + trace;
        double lo = ridge;
        if (ridge == 0) {
            lo = hi;
            while (h(spectrum, samples, ridge, lo) >= 0) {
                lo *= 0.5;
                if (lo < Double.MIN_NORMAL) {
                    return 0; // the root is below any representable positive kappa
                }
            }
        }
        for (int i = 0; i < MAX_BISECTIONS; i++) {
            if (hi <= lo * (1 + RELATIVE_TOLERANCE)) {
                return Math.sqrt(lo * hi);
            }
            double mid = Math.sqrt(lo * hi);
            if (h(spectrum, samples, ridge, mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        throw new EngineException(FailureCode.NON_CONVERGED, "kappa bisection did not close its bracket [" + lo + ", " + hi + "]");
    }

    private static double h(KernelSpectrum spectrum, double samples, double ridge, double kappa) {
        double s = 0;
        for (int k = 0; k < spectrum.size(); k++) {
            double eta = spectrum.eigenvalue(k);
            s += eta / (samples * eta + kappa);
        }
        return 1 - ridge / kappa - s;
    }

    /** kappa, the noise amplification g and the clean-target test error E_g. */
    public record Point(double kappa, double g, double error) {
    }
}
