package org.transferlab.engine.theory.dmft;

/**
 * Closed-form ReLU kernels of THEORY 2.1 for h ~ N(0, K), used as known answers by the tests.
 * To be replaced by the shared kernel package once it is on main.
 */
public final class ArcCosine {
    private ArcCosine() {
    }

    /** NTK0 = Phi0 + G0 o K, from K(rows, cols) and the diagonals of the row and column points. */
    public static double[] ntk0(double[] k, double[] rowDiag, double[] colDiag) {
        return kernel(k, rowDiag, colDiag, true);
    }

    /** Phi0, the NNGP kernel of ReLU. */
    public static double[] phi0(double[] k, double[] rowDiag, double[] colDiag) {
        return kernel(k, rowDiag, colDiag, false);
    }

    private static double[] kernel(double[] k, double[] rowDiag, double[] colDiag, boolean ntk) {
        int nr = rowDiag.length;
        int nc = colDiag.length;
        double[] out = new double[nr * nc];
        for (int i = 0; i < nr; i++) {
            for (int j = 0; j < nc; j++) {
                double kij = k[i * nc + j];
                double norm = Math.sqrt(rowDiag[i] * colDiag[j]);
                double c = Math.max(-1.0, Math.min(1.0, kij / norm));
                double theta = Math.acos(c);
                double phi = norm / (2 * Math.PI) * (Math.sin(theta) + (Math.PI - theta) * c);
                double g = (Math.PI - theta) / (2 * Math.PI);
                out[i * nc + j] = ntk ? phi + g * kij : phi;
            }
        }
        return out;
    }
}
