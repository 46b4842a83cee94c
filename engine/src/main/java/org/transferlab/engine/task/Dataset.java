package org.transferlab.engine.task;

import org.transferlab.engine.linalg.Matrix;

/**
 * Inputs (P x D, one row per sample), the labels used for training ({@code y}, with label noise if
 * any) and the noiseless teacher values ({@code clean}), against which test error is measured.
 */
public record Dataset(Matrix x, double[] y, double[] clean) {
    public Dataset {
        if (y.length != x.rows() || clean.length != x.rows()) {
            throw new IllegalArgumentException("labels " + y.length + "/" + clean.length + " for " + x.rows() + " inputs");
        }
    }

    public int size() {
        return x.rows();
    }

    public int inputDim() {
        return x.cols();
    }

    /** Draws P Gaussian inputs x ~ N(0, I_D), labels them, and adds N(0, noise^2) to the labels. */
    public static Dataset sample(Teacher teacher, int samples, double noise, java.util.random.RandomGenerator rng) {
        Matrix x = Matrix.gaussian(samples, teacher.beta().length, rng);
        double[] clean = teacher.labels(x);
        double[] y = clean.clone();
        if (noise != 0) {
            for (int i = 0; i < y.length; i++) {
                y[i] += noise * rng.nextGaussian();
            }
        }
        return new Dataset(x, y, clean);
    }
}
