package org.transferlab.engine.kernel;

import org.transferlab.engine.linalg.Matrix;

/** Kernel-target alignment A(Phi, y) = <Phi, y y^T>_F / (|Phi|_F |y y^T|_F) (THEORY 1.6). */
public final class KernelAlignment {
    private KernelAlignment() {
    }

    /** NaN when there are no labels. */
    public static double of(Matrix phi, double[] y) {
        int n = y.length;
        if (n == 0) {
            return Double.NaN;
        }
        double yPhiY = 0;
        double phiNorm2 = 0;
        double yNorm2 = 0;
        for (int i = 0; i < n; i++) {
            yNorm2 += y[i] * y[i];
            double row = 0;
            for (int j = 0; j < n; j++) {
                double v = phi.get(i, j);
                row += v * y[j];
                phiNorm2 += v * v;
            }
            yPhiY += y[i] * row;
        }
        return yPhiY / (Math.sqrt(phiNorm2) * yNorm2);
    }
}
