package org.transferlab.engine.data;

import java.util.List;
import java.util.function.IntPredicate;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.transferlab.engine.linalg.Matrix;

/**
 * ZCA whitening fitted once on a pool of training inputs and applied, the same map, to every split of a
 * job (source, target and test sets): x <- c (C + eps I)^(-1/2) (x - mu), with mu and C the pool's mean
 * and covariance. Fitting each sampled split on its own would put test points in another basis than
 * training points, and with fewer points than inputs it makes every split's Gram matrix a projector.
 *
 * <p>The ridge eps = {@value #RIDGE} times the mean eigenvalue of C is the rank handling: a direction the
 * pool hardly spans (or, with fewer pool points than inputs, not at all) is scaled by at most
 * c/sqrt(eps) instead of 1/sqrt(lambda) -> infinity; directions well above eps come out with unit
 * variance. c is chosen so that the pool's |x|^2/D averages 1, the scale of the unwhitened inputs.
 */
final class Whitening {
    /** eps over the mean eigenvalue: directions with under 1% of the average variance are not amplified further. */
    static final double RIDGE = 1e-2;
    /** At most this many pool rows (an even stride through them): enough for a D = 784 covariance, ~1 s to fit. */
    static final int POOL_CAP = 8192;

    private final double[] mean;
    private final DMatrixRMaj map;

    private Whitening(double[] mean, DMatrixRMaj map) {
        this.mean = mean;
        this.map = map;
    }

    /** A pool part: a split's rows whose label passes {@code keep}. */
    record PoolPart(DatasetLibrary.Split split, IntPredicate keep) {
    }

    /** Fitted on the rows of the parts (all of dimension d), at most {@link #POOL_CAP} of them. */
    static Whitening fit(List<PoolPart> parts) {
        int d = parts.get(0).split().dim();
        int n = 0;
        for (PoolPart part : parts) {
            for (int label : part.split().labels()) {
                n += part.keep().test(label) ? 1 : 0;
            }
        }
        if (n < 2) {
            throw new DataFileException("whitening: the training splits have " + n + " examples of these classes, at least 2 are needed");
        }
        int stride = (n + POOL_CAP - 1) / POOL_CAP;
        DMatrixRMaj pool = new DMatrixRMaj((n + stride - 1) / stride, d);
        int seen = 0;
        int rows = 0;
        for (PoolPart part : parts) {
            DatasetLibrary.Split split = part.split();
            for (int i = 0; i < split.size(); i++) {
                if (part.keep().test(split.labels()[i]) && seen++ % stride == 0) {
                    System.arraycopy(split.x(), i * d, pool.data, rows++ * d, d);
                }
            }
        }
        return fit(pool);
    }

    /** Fitted on the rows of {@code pool} (n x d; any n >= 2, also n <= d). */
    static Whitening fit(DMatrixRMaj pool) {
        int n = pool.numRows;
        int d = pool.numCols;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += pool.data[i * d + j] / n;
            }
        }
        DMatrixRMaj centred = pool.copy();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred.data[i * d + j] -= mean[j];
            }
        }
        DMatrixRMaj covariance = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multInner(centred, covariance);
        CommonOps_DDRM.scale(1.0 / n, covariance);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(covariance)) {
            throw new DataFileException("whitening: the eigendecomposition of the inputs' covariance did not converge");
        }
        double[] lambda = new double[d];
        double meanLambda = 0;
        for (int k = 0; k < d; k++) {
            lambda[k] = Math.max(0, eig.getEigenvalue(k).getReal());
            meanLambda += lambda[k] / d;
        }
        if (meanLambda <= 0) {
            throw new DataFileException("whitening: the training inputs of these classes are all equal");
        }
        double eps = RIDGE * meanLambda;
        double kept = 0;
        for (double l : lambda) {
            kept += l / (l + eps);
        }
        double c = Math.sqrt(d / kept);
        DMatrixRMaj map = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            DMatrixRMaj v = eig.getEigenVector(k);
            double s = c / Math.sqrt(lambda[k] + eps);
            for (int a = 0; a < d; a++) {
                double va = s * v.data[a];
                for (int b = 0; b < d; b++) {
                    map.data[a * d + b] += va * v.data[b];
                }
            }
        }
        return new Whitening(mean, map);
    }

    /** The rows of x whitened with this (pool-fitted) map. */
    Matrix apply(Matrix x) {
        int p = x.rows();
        int d = x.cols();
        if (d != mean.length) {
            throw new DataFileException("whitening: inputs of dimension " + d + ", fitted on " + mean.length);
        }
        DMatrixRMaj centred = new DMatrixRMaj(p, d);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < d; j++) {
                centred.data[i * d + j] = x.data()[i * d + j] - mean[j];
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(p, d);
        CommonOps_DDRM.mult(centred, map, out);
        return Matrix.wrap(p, d, out.data);
    }

    long bytes() {
        return 8L * mean.length * (mean.length + 1);
    }
}
