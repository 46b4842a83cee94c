package org.transferlab.worker;

/** Which matrix-product implementation netlib picked (native OpenBLAS, vectorised or pure Java). */
final class BlasInfo {
    private BlasInfo() {
    }

    static String describe() {
        try {
            return dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getSimpleName();
        } catch (Throwable t) { // a missing native library must never stop a worker
            return null;
        }
    }
}
