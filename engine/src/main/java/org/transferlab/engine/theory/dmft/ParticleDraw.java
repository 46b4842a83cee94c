package org.transferlab.engine.theory.dmft;

import java.util.Locale;
import java.util.random.RandomGenerator;
import org.transferlab.engine.linalg.Matrix;

/**
 * How the standard normals behind a group's initial first-layer weights are drawn (THEORY 4.A step
 * 1): rows z_i ~ N(0, I_d), one per particle, d = D in weight space (w_i = z_i) and d = Q in field
 * space (h_i = C z_i). Every structured draw keeps each row's marginal exactly N(0, I_d) and only
 * couples rows within one group, so the groups stay independent and identically distributed: the
 * infinite-particle limit and the groups' spread as its error bar are those of i.i.d. draws; only the
 * size of the Monte-Carlo error changes, down or up by regime (measured in docs/methods.md, "The
 * particle draw").
 */
public enum ParticleDraw {
    /** Independent rows. */
    IID,
    /**
     * Pairs (z, -z): the odd part of any function of one particle's weights cancels within a pair.
     * For ReLU, phi(h) = (h + |h|)/2, so the cross terms h|h'| of the feature kernel and the odd terms
     * of phi'(h) phi'(h') in the NTK are gone; the even part |h||h'| is the same for both, so it is
     * averaged over half as many independent values.
     */
    ANTITHETIC,
    /**
     * Orthogonal random features (Yu et al. 2016): blocks of d rows orthonormalised (a Haar-random
     * frame), each row then scaled by an independent chi_d length, so each row is still N(0, I_d) but
     * sum_i z_i z_i^T over a block is close to d I (the linear part of the kernels nearly exact).
     */
    ORTHOGONAL,
    /** {@link #ORTHOGONAL} blocks, each followed by its negation as in {@link #ANTITHETIC}. */
    ORTHOGONAL_ANTITHETIC;

    /**
     * Floating-point operations of the Gram-Schmidt in {@link #normals}{@code (rows, dim)}, for the
     * cost model: two passes over each pair of rows of a block, a dot product and an update of 2 dim
     * flops each per pass.
     */
    public double orthogonalisationFlops(int rows, int dim) {
        return switch (this) {
            case IID, ANTITHETIC -> 0.0;
            case ORTHOGONAL -> 8.0 * dim * (rows / dim * pairs(dim) + pairs(rows % dim));
            // blocks of 2 dim rows, of which the first half (at most dim) is orthogonalised
            case ORTHOGONAL_ANTITHETIC -> 8.0 * dim
                    * (rows / (2 * dim) * pairs(dim) + pairs(Math.min(dim, (rows % (2 * dim) + 1) / 2)));
        };
    }

    private static double pairs(int n) {
        return n * (n - 1) / 2.0;
    }

    /** The draw of a spec's {@code theory.particleDraw} name: the constant's name in camel case. */
    public static ParticleDraw named(String name) {
        return valueOf(name.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT));
    }

    /** {@code rows} rows of dimension {@code dim}, each N(0, I_dim), coupled as this draw says. */
    public Matrix normals(int rows, int dim, RandomGenerator rng) {
        Matrix z = Matrix.gaussian(rows, dim, rng);
        switch (this) {
            case IID -> {
            }
            case ANTITHETIC -> {
                for (int from = 0; from < rows; from += 2) {
                    mirror(z, from, Math.min(rows, from + 2), 1);
                }
            }
            case ORTHOGONAL -> {
                for (int from = 0; from < rows; from += dim) {
                    orthogonalise(z, from, Math.min(dim, rows - from), rng);
                }
            }
            case ORTHOGONAL_ANTITHETIC -> {
                // blocks of up to dim rows plus their mirror images; a short tail block keeps every row exact
                int block = 2 * dim;
                for (int from = 0; from < rows; from += block) {
                    int half = Math.min(dim, (Math.min(rows, from + block) - from + 1) / 2);
                    orthogonalise(z, from, half, rng);
                    mirror(z, from, Math.min(rows, from + 2 * half), half);
                }
            }
        }
        return z;
    }

    /**
     * The same as columns: {@code dim} x {@code count}, each column N(0, I_dim). I.i.d. draws fill it
     * directly, so that they read the random stream as the field-space sampling always has.
     */
    public Matrix normalColumns(int dim, int count, RandomGenerator rng) {
        return this == IID ? Matrix.gaussian(dim, count, rng) : normals(count, dim, rng).transpose();
    }

    /** Rows [from + half, to) become the negatives of rows [from, to - half). */
    private static void mirror(Matrix z, int from, int to, int half) {
        double[] d = z.data();
        int dim = z.cols();
        for (int r = from + half; r < to; r++) {
            for (int c = 0; c < dim; c++) {
                d[r * dim + c] = -d[(r - half) * dim + c];
            }
        }
    }

    /**
     * Gram-Schmidt on rows [from, from + count) (count <= dim): Gaussian rows give a Haar-random
     * orthonormal frame; each row is then rescaled to the length of a fresh N(0, I_dim) vector.
     */
    private static void orthogonalise(Matrix z, int from, int count, RandomGenerator rng) {
        double[] d = z.data();
        int dim = z.cols();
        for (int i = from; i < from + count; i++) {
            int ri = i * dim;
            // twice: one pass of classical Gram-Schmidt loses orthogonality in rounding for large dim
            for (int pass = 0; pass < 2; pass++) {
                for (int j = from; j < i; j++) {
                    int rj = j * dim;
                    double dot = 0;
                    for (int c = 0; c < dim; c++) {
                        dot += d[ri + c] * d[rj + c];
                    }
                    for (int c = 0; c < dim; c++) {
                        d[ri + c] -= dot * d[rj + c];
                    }
                }
            }
            scale(d, ri, dim, 1.0 / Math.sqrt(squaredNorm(d, ri, dim)));
        }
        for (int i = from; i < from + count; i++) {
            double chiSquare = 0;
            for (int c = 0; c < dim; c++) {
                double g = rng.nextGaussian();
                chiSquare += g * g;
            }
            scale(d, i * dim, dim, Math.sqrt(chiSquare));
        }
    }

    private static double squaredNorm(double[] d, int at, int n) {
        double s = 0;
        for (int c = 0; c < n; c++) {
            s += d[at + c] * d[at + c];
        }
        return s;
    }

    private static void scale(double[] d, int at, int n, double s) {
        for (int c = 0; c < n; c++) {
            d[at + c] *= s;
        }
    }
}
