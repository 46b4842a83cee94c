package org.transferlab.engine.theory.dmft;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.FusedPasses;
import org.transferlab.engine.linalg.Matrix;

/**
 * State W_g (M_g x D), fields h = X W_g^T / sqrt(D) computed on demand: since K[:, I] = X X_I^T / D,
 * the step K[:, I] A is X (A^T X_I / sqrt D)^T / sqrt D, i.e. W_g <- keep W_g + gradCoef A^T X_I / sqrt D.
 * Exactly the field-space dynamics, at O(M |I| D) per step.
 */
final class WeightSpaceFields implements ParticleFields {
    private final Matrix x;
    private final Matrix[] w;
    private final double scale;
    /** X rows [from, to), copied once; concurrent: groups may step in parallel. */
    private final Map<Long, Matrix> rowBlocks = new ConcurrentHashMap<>();

    private WeightSpaceFields(Matrix x, Matrix[] w) {
        this.x = x;
        this.w = w;
        this.scale = 1.0 / Math.sqrt(x.cols());
    }

    private Matrix rows(int from, int to) {
        return rowBlocks.computeIfAbsent(((long) from << 32) | to, k -> x.rowRange(from, to));
    }

    static WeightSpaceFields sample(int groups, int groupSize, Matrix inputs, ParticleDraw draw, RandomGenerator rng) {
        Matrix[] w = new Matrix[groups];
        for (int g = 0; g < groups; g++) {
            w[g] = draw.normals(groupSize, inputs.cols(), rng);
        }
        return new WeightSpaceFields(inputs, w);
    }

    @Override
    public int groups() {
        return w.length;
    }

    @Override
    public void block(int g, int from, int to, Matrix out) {
        Blas.gemm(false, true, scale, rows(from, to), w[g], 0.0, out);
    }

    @Override
    public Active activeSet(int from, int to) {
        return new ActiveInputs(rows(from, to), new double[x.cols()]);
    }

    private record ActiveInputs(Matrix inputs, double[] scratch) implements Active {
        @Override
        public void kernelTimes(double[] v, double[] y) {
            Blas.gemv(true, 1.0, inputs, v, 0.0, scratch);
            Blas.gemv(false, 1.0 / inputs.cols(), inputs, scratch, 0.0, y);
        }
    }

    @Override
    public void update(int g, Active active, Matrix a, double gradCoef, double keep, ParticleFields anchor,
                       double pull) {
        FusedPasses.decayTowards(w[g], keep, pull, pull == 0 ? null : ((WeightSpaceFields) anchor).w[g]);
        Blas.gemm(true, false, gradCoef * scale, a, ((ActiveInputs) active).inputs(), 1.0, w[g]);
    }

    @Override
    public ParticleFields copy() {
        Matrix[] c = new Matrix[w.length];
        for (int g = 0; g < w.length; g++) {
            c[g] = w[g].copy();
        }
        return new WeightSpaceFields(x, c);
    }
}
