package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * Bayesian transfer (THEORY 2.5.2 transfer, 4.D step 4): target prior
 * exp(-(lambda0/2)|W2|^2 - (delta/2)|W2 - W1|^2), so h2 | h1 ~ N(a h1, b K) with
 * a = delta/(lambda0 + delta), b = 1/(lambda0 + delta).
 *
 * @param source             the source saddle (its beta, damping, tolerance and iteration cap also
 *                           govern the target fixed point)
 * @param targetGamma        gamma_2
 * @param elastic            delta >= 0; infinity pins the target features to the source (FT)
 * @param priorPrecision     lambda0 > 0 (the source prior is N(0, K/lambda0))
 * @param conditionalSamples R target samples per source sample; the ratio of conditional
 *                           expectations is self-normalised over R, a bias of order 1/R
 */
public record TransferSaddleSpec(SaddleSpec source, double targetGamma, double elastic, double priorPrecision,
                                 int conditionalSamples) {
    public TransferSaddleSpec {
        if (!(targetGamma >= 0) || !(elastic >= 0) || !(priorPrecision > 0) || conditionalSamples < 1) {
            throw new EngineException(FailureCode.INVALID_SPEC, "transfer saddle needs targetGamma >= 0, elastic >= 0,"
                    + " priorPrecision > 0 and conditionalSamples >= 1");
        }
    }

    /** a = delta / (lambda0 + delta) (1 for delta = infinity). */
    double mean() {
        return Double.isInfinite(elastic) ? 1.0 : elastic / (priorPrecision + elastic);
    }

    /** b = 1 / (lambda0 + delta). */
    double variance() {
        return 1.0 / (priorPrecision + elastic);
    }
}
