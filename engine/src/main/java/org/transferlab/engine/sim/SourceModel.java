package org.transferlab.engine.sim;

import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Matrix;

/**
 * The network after source training: W1 and w1 (copies, never modified again) and the gamma1 it was
 * trained with.
 */
public record SourceModel(Activation activation, Matrix firstLayer, double[] readout, double gamma) {
    /** Phi1: the source-adapted feature kernel, for Gram blocks on any inputs. */
    public FeatureKernel featureKernel() {
        return new FeatureKernel(activation, firstLayer);
    }
}
