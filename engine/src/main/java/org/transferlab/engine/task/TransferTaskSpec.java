package org.transferlab.engine.task;

import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * Everything that defines the synthetic data of one transfer experiment (THEORY 1.1, 1.2).
 *
 * @param alignment       alpha_s = cos(beta_s, beta_t)
 * @param noiseAlignment  alpha_g = overlap of beta_hat_t with the noise direction g_hat (0 to ignore it)
 * @param noisyTestLabels add target label noise to the test labels too (test error is always also
 *                        available against the clean labels)
 */
public record TransferTaskSpec(int inputDim, int sourceSamples, int targetSamples, int testSamples,
                               Link sourceLink, Link targetLink, double alignment, double noiseAlignment,
                               double sourceNoise, double targetNoise, TeacherNormalisation normalisation,
                               boolean noisyTestLabels) {
    public TransferTaskSpec {
        require(inputDim >= 1, "inputDim must be >= 1, got " + inputDim);
        require(sourceSamples >= 1, "sourceSamples must be >= 1, got " + sourceSamples);
        require(targetSamples >= 1, "targetSamples must be >= 1, got " + targetSamples);
        require(testSamples >= 1, "testSamples must be >= 1, got " + testSamples);
        require(sourceNoise >= 0 && targetNoise >= 0, "label noise must be >= 0");
        require(Math.abs(alignment) <= 1, "alignment must be in [-1, 1], got " + alignment);
        require(alignment * alignment + noiseAlignment * noiseAlignment <= 1 + 1e-12,
                "alignment^2 + noiseAlignment^2 must be <= 1");
        require(sourceLink != null && targetLink != null && normalisation != null, "links and normalisation are required");
    }

    /** Linear source and target teachers, |beta|^2 = D, noiseless, clean test labels. */
    public static TransferTaskSpec linear(int inputDim, int sourceSamples, int targetSamples, int testSamples, double alignment) {
        return new TransferTaskSpec(inputDim, sourceSamples, targetSamples, testSamples, new Link.Identity(), new Link.Identity(),
                alignment, 0, 0, 0, TeacherNormalisation.UNIT_SIGNAL_VARIANCE, false);
    }

    public TransferTaskSpec withNoise(double source, double target) {
        return new TransferTaskSpec(inputDim, sourceSamples, targetSamples, testSamples, sourceLink, targetLink, alignment,
                noiseAlignment, source, target, normalisation, noisyTestLabels);
    }

    public TransferTaskSpec withNoiseAlignment(double alphaG) {
        return new TransferTaskSpec(inputDim, sourceSamples, targetSamples, testSamples, sourceLink, targetLink, alignment,
                alphaG, sourceNoise, targetNoise, normalisation, noisyTestLabels);
    }

    public TransferTaskSpec withLinks(Link source, Link target) {
        return new TransferTaskSpec(inputDim, sourceSamples, targetSamples, testSamples, source, target, alignment,
                noiseAlignment, sourceNoise, targetNoise, normalisation, noisyTestLabels);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new EngineException(FailureCode.INVALID_SPEC, message);
        }
    }
}
