package org.transferlab.engine.linalg;

/**
 * The elementwise work of a two-layer network step, each written as one pass over memory and
 * split over rows ({@link ParallelRows}). Products go through {@link Blas}; everything else a
 * gradient-descent step touches per element is here, so a performance pass has one place to tune.
 *
 * Layout convention: activations are P x N (one row per input, one column per hidden unit).
 */
public final class FusedPasses {
    private FusedPasses() {
    }

    /** a = phi(h), elementwise; {@code a} may be {@code h}. */
    public static void activate(Activation phi, Matrix h, Matrix a) {
        double[] hd = h.data();
        double[] ad = a.data();
        int cols = h.cols();
        if (phi == Activation.LINEAR) {
            if (ad != hd) {
                System.arraycopy(hd, 0, ad, 0, hd.length);
            }
            return;
        }
        ParallelRows.forEachBlock(h.rows(), cols, (from, to) -> {
            for (int i = from * cols, end = to * cols; i < end; i++) {
                ad[i] = Math.max(hd[i], 0.0); // Activation.RELU.apply, written out so the loop vectorises
            }
        });
    }

    /**
     * out[mu, i] = w_i phi'(h[mu, i]) delta_mu, with phi' read from a = phi(h): the backward factor of
     * the first-layer gradient (THEORY 4.E), derivative and Delta scaling fused in one pass.
     */
    public static void gradientFactors(Activation phi, Matrix a, double[] w, double[] delta, Matrix out) {
        double[] ad = a.data();
        double[] od = out.data();
        int cols = a.cols();
        ParallelRows.forEachBlock(a.rows(), cols, (from, to) -> {
            for (int mu = from; mu < to; mu++) {
                double d = delta[mu];
                int base = mu * cols;
                if (phi == Activation.LINEAR) {
                    for (int i = 0; i < cols; i++) {
                        od[base + i] = w[i] * d;
                    }
                } else {
                    for (int i = 0; i < cols; i++) {
                        od[base + i] = Double.longBitsToDouble(Double.doubleToRawLongBits(w[i] * d)
                                & positiveMask(ad[base + i]));
                    }
                }
            }
        });
    }

    /**
     * All ones when {@code a > 0}, else zero, without a branch: the bits of a positive double, read as a
     * long, lie in (0, bits of +infinity]; zero, negative numbers and NaN fall outside. A branch on the
     * sign of ReLU outputs mispredicts half the time; this and-mask gives the same values (+0.0 where
     * phi' = 0) at a fraction of the cost.
     */
    static long positiveMask(double a) {
        long bits = Double.doubleToRawLongBits(a);
        return (-bits & (bits - POSITIVE_INFINITY_BITS - 1)) >> 63;
    }

    private static final long POSITIVE_INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    /** out_mu = sum_i w_i phi'(h[mu, i]) t[mu, i] (phi' read from a): the tangent map back to outputs. */
    public static void derivativeWeightedRowSums(Activation phi, Matrix a, double[] w, Matrix t, double[] out) {
        double[] ad = a.data();
        double[] td = t.data();
        int cols = a.cols();
        ParallelRows.forEachBlock(a.rows(), cols, (from, to) -> {
            for (int mu = from; mu < to; mu++) {
                int base = mu * cols;
                double s = 0;
                for (int i = 0; i < cols; i++) {
                    s += w[i] * phi.derivativeFromOutput(ad[base + i]) * td[base + i];
                }
                out[mu] = s;
            }
        });
    }

    /** m = keep * m + pull * anchor: weight decay and elastic pull towards anchor in one pass. */
    public static void decayTowards(Matrix m, double keep, double pull, Matrix anchor) {
        double[] md = m.data();
        double[] an = pull == 0 ? null : anchor.data();
        int cols = m.cols();
        if (keep == 1.0 && an == null) {
            return;
        }
        ParallelRows.forEachBlock(m.rows(), cols, (from, to) -> {
            for (int i = from * cols, end = to * cols; i < end; i++) {
                md[i] = an == null ? keep * md[i] : keep * md[i] + pull * an[i];
            }
        });
    }
}
