package org.transferlab.engine.task;

import org.transferlab.engine.linalg.Matrix;

/** A single-index teacher y(x) = link(beta.x/sqrt(D)); the linear teacher is the identity link. */
public record Teacher(double[] beta, Link link) {
    public double[] labels(Matrix x) {
        if (x.cols() != beta.length) {
            throw new IllegalArgumentException("inputs have dimension " + x.cols() + ", teacher " + beta.length);
        }
        double[] z = x.times(beta);
        double scale = 1.0 / Math.sqrt(beta.length);
        double[] y = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            y[i] = link.apply(z[i] * scale);
        }
        return y;
    }
}
