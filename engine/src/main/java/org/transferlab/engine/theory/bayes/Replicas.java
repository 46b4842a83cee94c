package org.transferlab.engine.theory.bayes;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;

/**
 * {@value SampleGroups#GROUPS} independent replicas of a saddle: each contiguous block of the samples is
 * its own {@link TiltedPopulation} with its own fixed point, so nothing (tempering path, resampling,
 * coefficients a) is shared between them and the spread of their predictors' losses in
 * {@link SampleGroups} is an honest Monte-Carlo error, although samples within a replica are correlated
 * by the slice moves. The pooled kernel is their mean weighted by size.
 */
final class Replicas {
    private final int[] bounds;
    private final TiltedPopulation[] populations;
    private final TiltedFixedPoint.Solution[] solutions;

    private Replicas(int[] bounds, TiltedPopulation[] populations, TiltedFixedPoint.Solution[] solutions) {
        this.bounds = bounds;
        this.populations = populations;
        this.solutions = solutions;
    }

    /**
     * One seed per replica, drawn from a stream: seeds built as seed ^ (constant + g) would give replica 1
     * of one seed and replica 2 of the next seed the same samples.
     */
    static long[] seeds(long seed) {
        return new SplittableRandom(seed).longs(SampleGroups.GROUPS).toArray();
    }

    /** The fixed point of one replica: its population and how to solve it. */
    interface Replica {
        TiltedFixedPoint.Solution solve(TiltedPopulation population, int replica);
    }

    /** @param bounds first row of each replica, then the total (GROUPS + 1 entries) */
    static Replicas solve(int[] bounds, IntFunction<TiltedPopulation> population, Replica fixedPoint) {
        int groups = bounds.length - 1;
        TiltedPopulation[] populations = new TiltedPopulation[groups];
        TiltedFixedPoint.Solution[] solutions = new TiltedFixedPoint.Solution[groups];
        for (int g = 0; g < groups; g++) {
            populations[g] = population.apply(g);
            solutions[g] = fixedPoint.solve(populations[g], g);
        }
        return new Replicas(bounds, populations, solutions);
    }

    private double mass(int g) {
        return (double) (bounds[g + 1] - bounds[g]) / bounds[bounds.length - 1];
    }

    /** The replicas' kernels, averaged with their sizes as weights. */
    Matrix kernel() {
        int p = solutions[0].kernel().rows();
        Matrix k = Matrix.zeros(p, p);
        for (int g = 0; g < solutions.length; g++) {
            Vectors.addScaled(k.data(), mass(g), solutions[g].kernel().data());
        }
        return k;
    }

    /** Every row's weight in the pooled measure (each replica's weights times its size share). */
    double[] weights() {
        double[] w = new double[bounds[bounds.length - 1]];
        for (int g = 0; g < solutions.length; g++) {
            double[] local = Vectors.scaled(solutions[g].weights(), mass(g));
            System.arraycopy(local, 0, w, bounds[g], local.length);
        }
        return w;
    }

    /** The sum of the replicas' effective sample sizes. */
    double effectiveSampleSize() {
        return Arrays.stream(solutions).mapToDouble(TiltedFixedPoint.Solution::effectiveSampleSize).sum();
    }

    /** The slowest replica's iterations. */
    int iterations() {
        return Arrays.stream(solutions).mapToInt(TiltedFixedPoint.Solution::iterations).max().orElse(0);
    }

    /** The largest last relative change of the replicas' kernels. */
    double relativeChange() {
        return Arrays.stream(solutions).mapToDouble(TiltedFixedPoint.Solution::relativeChange).max().orElse(0);
    }

    /** Resamplings with moves, summed over the replicas. */
    int rejuvenations() {
        return Arrays.stream(solutions).mapToInt(TiltedFixedPoint.Solution::rejuvenations).sum();
    }

    /** xi of rows [from, to) of the pooled sample. */
    Matrix xi(int from, int to) {
        return rows(from, to, true);
    }

    /** phi on the tilted points of rows [from, to) of the pooled sample. */
    Matrix phi(int from, int to) {
        return rows(from, to, false);
    }

    private Matrix rows(int from, int to, boolean xi) {
        int p = solutions[0].kernel().rows();
        Matrix out = Matrix.zeros(to - from, p);
        for (int g = 0; g < populations.length; g++) {
            int lo = Math.max(from, bounds[g]);
            int hi = Math.min(to, bounds[g + 1]);
            if (lo < hi) {
                Matrix part = xi ? populations[g].xi(lo - bounds[g], hi - bounds[g])
                        : populations[g].phi(lo - bounds[g], hi - bounds[g]);
                System.arraycopy(part.data(), 0, out.data(), (lo - from) * p, part.data().length);
            }
        }
        return out;
    }
}
