package org.transferlab.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.task.Dataset;

/**
 * A seeded, class-balanced sample of a split as a regression data set: P/2 examples of each class
 * (the first class gets the odd one), the first class labelled -1 and the second +1, in random order.
 */
public final class BalancedSample {
    private BalancedSample() {
    }

    /**
     * @param classes   the pair (first -> -1, second -> +1)
     * @param noise     standard deviation of label noise added to the training labels (clean labels stay +-1)
     * @param field     the spec field to name in errors, e.g. "target"
     */
    public static Dataset draw(DatasetLibrary.Split split, List<Integer> classes, int samples, double noise,
                               RandomGenerator rng, String field) {
        int negatives = (samples + 1) / 2;
        int positives = samples / 2;
        List<Integer> first = indices(split, classes.get(0));
        List<Integer> second = indices(split, classes.get(1));
        require(first, negatives, classes.get(0), split, field);
        require(second, positives, classes.get(1), split, field);
        List<int[]> chosen = new ArrayList<>();
        for (int i : pick(first, negatives, rng)) {
            chosen.add(new int[] {i, -1});
        }
        for (int i : pick(second, positives, rng)) {
            chosen.add(new int[] {i, 1});
        }
        java.util.Collections.shuffle(chosen, new java.util.Random(rng.nextLong()));
        int d = split.dim();
        Matrix x = Matrix.zeros(samples, d);
        double[] y = new double[samples];
        double[] clean = new double[samples];
        for (int r = 0; r < samples; r++) {
            System.arraycopy(split.x(), chosen.get(r)[0] * d, x.data(), r * d, d);
            clean[r] = chosen.get(r)[1];
            y[r] = clean[r] + (noise == 0 ? 0 : noise * rng.nextGaussian());
        }
        return new Dataset(x, y, clean);
    }

    private static List<Integer> indices(DatasetLibrary.Split split, int label) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            if (split.labels()[i] == label) {
                out.add(i);
            }
        }
        return out;
    }

    private static void require(List<Integer> available, int needed, int label, DatasetLibrary.Split split, String field) {
        if (available.size() < needed) {
            throw new DataFileException(field + ".samples: needs " + needed + " examples of class " + label + ", "
                    + split.source() + " has " + available.size());
        }
    }

    /** k distinct indices by a partial Fisher-Yates shuffle. */
    private static List<Integer> pick(List<Integer> from, int k, RandomGenerator rng) {
        List<Integer> pool = new ArrayList<>(from);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(pool.size() - i);
            Integer t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        return pool.subList(0, k);
    }
}
