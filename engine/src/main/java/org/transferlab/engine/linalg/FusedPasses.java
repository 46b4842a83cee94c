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
        ParallelRows.forEachBlock(h.rows(), cols, (from, to) -> {
            for (int i = from * cols, end = to * cols; i < end; i++) {
                ad[i] = phi.apply(hd[i]);
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
                        od[base + i] = ad[base + i] > 0 ? w[i] * d : 0.0;
                    }
                }
            }
        });
    }

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
