package org.transferlab.engine.sim;

import java.util.random.RandomGenerator;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.FusedPasses;
import org.transferlab.engine.linalg.Matrix;

/**
 * A width-N two-layer network in the mean-field parametrisation (THEORY 1.3):
 * h = W x/sqrt(D), f(x) = w.phi(h)/(gamma N). The weights are mutable (training updates them in
 * place); gamma is a property of the training phase, not of the weights, so it is passed in.
 */
public final class TwoLayerNetwork {
    /** Rows of inputs evaluated at once outside training, to bound the P x N buffer. */
    static final int EVALUATION_BLOCK_ELEMENTS = 1 << 22;

    private final Activation activation;
    private final Matrix firstLayer;
    private final double[] readout;

    public TwoLayerNetwork(Activation activation, Matrix firstLayer, double[] readout) {
        if (readout.length != firstLayer.rows()) {
            throw new IllegalArgumentException("readout length " + readout.length + " != width " + firstLayer.rows());
        }
        this.activation = activation;
        this.firstLayer = firstLayer;
        this.readout = readout;
    }

    /** W_ij ~ N(0,1) drawn first, then w_i ~ N(0,1), from one stream. */
    public static TwoLayerNetwork random(Activation activation, int width, int inputDim, RandomGenerator rng) {
        Matrix w = Matrix.gaussian(width, inputDim, rng);
        double[] a = new double[width];
        for (int i = 0; i < width; i++) {
            a[i] = rng.nextGaussian();
        }
        return new TwoLayerNetwork(activation, w, a);
    }

    public Activation activation() {
        return activation;
    }

    /** W (N x D), live: changes as the network trains. */
    public Matrix firstLayer() {
        return firstLayer;
    }

    /** w (N), live. */
    public double[] readout() {
        return readout;
    }

    public int width() {
        return firstLayer.rows();
    }

    public int inputDim() {
        return firstLayer.cols();
    }

    public TwoLayerNetwork copy() {
        return new TwoLayerNetwork(activation, firstLayer.copy(), readout.clone());
    }

    public boolean allFinite() {
        if (!firstLayer.allFinite()) {
            return false;
        }
        for (double v : readout) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Hidden features phi(X W^T/sqrt(D)) (P x N), into {@code out}. */
    public void features(Matrix x, Matrix out) {
        preactivations(x, out);
        FusedPasses.activate(activation, out, out);
    }

    /** Preactivations H = X W^T/sqrt(D) (P x N), into {@code out}. */
    public void preactivations(Matrix x, Matrix out) {
        Blas.gemm(false, true, 1.0 / Math.sqrt(inputDim()), x, firstLayer, 0.0, out);
    }

    /** Uncentred outputs w.phi(h(x))/(gamma N) for every row of x, in blocks of rows. */
    public double[] rawOutputs(Matrix x, double gamma) {
        double[] out = new double[x.rows()];
        rawOutputs(x, gamma, evaluationBuffer(x.rows()), out);
        return out;
    }

    /** A block buffer for {@link #rawOutputs(Matrix, double, Matrix, double[])} on up to {@code rows} inputs. */
    Matrix evaluationBuffer(int rows) {
        return Matrix.zeros(Math.max(1, Math.min(rows, EVALUATION_BLOCK_ELEMENTS / width())), width());
    }

    /** As {@link #rawOutputs(Matrix, double)}, reusing a (block x N) buffer so repeated evaluation does not allocate it. */
    void rawOutputs(Matrix x, double gamma, Matrix buffer, double[] out) {
        int block = buffer.rows();
        for (int from = 0; from < x.rows(); from += block) {
            int to = Math.min(x.rows(), from + block);
            Matrix rows = to - from == x.rows() ? x : x.rowRange(from, to);
            Matrix buf = to - from == block ? buffer : Matrix.wrap(to - from, width(), new double[(to - from) * width()]);
            features(rows, buf);
            double[] part = new double[to - from];
            Blas.gemv(false, 1.0 / (gamma * width()), buf, readout, 0.0, part);
            System.arraycopy(part, 0, out, from, to - from);
        }
    }
}
