package org.transferlab.engine.theory.dmft;

/**
 * loss(N) = L + c/N fitted by weighted least squares to network losses at several widths: the excess
 * loss of a width-N network over the mean field is c/N (THEORY 2.1's 1/N corrections).
 *
 * @param intercept    L, the networks' N -> infinity limit
 * @param interceptErr its standard error from the losses' errors
 * @param slope        c
 */
record WidthFit(double intercept, double interceptErr, double slope) {

    static WidthFit of(int[] widths, double[] losses, double[] errors) {
        double[][] normal = new double[2][2];
        double[] rhs = new double[2];
        for (int k = 0; k < widths.length; k++) {
            double[] basis = {1, 1.0 / widths[k]};
            double weight = 1 / (errors[k] * errors[k]);
            for (int i = 0; i < 2; i++) {
                rhs[i] += weight * basis[i] * losses[k];
                for (int j = 0; j < 2; j++) {
                    normal[i][j] += weight * basis[i] * basis[j];
                }
            }
        }
        double det = normal[0][0] * normal[1][1] - normal[0][1] * normal[1][0];
        return new WidthFit((normal[1][1] * rhs[0] - normal[0][1] * rhs[1]) / det, Math.sqrt(normal[1][1] / det),
                (normal[0][0] * rhs[1] - normal[1][0] * rhs[0]) / det);
    }

    /** The fitted loss at width N. */
    double at(int width) {
        return intercept + slope / width;
    }
}
