package org.transferlab.engine.data;

/**
 * Labelled examples of one split of a data set, row-major: example i has label {@code labels[i]} and
 * features {@code features[i * dim .. (i + 1) * dim)}, as read from the file (before preprocessing).
 *
 * @param source where the examples came from, for error messages
 */
public record Examples(String source, int dim, int[] labels, float[] features) {
    public Examples {
        if (dim <= 0 || features.length != (long) labels.length * dim) {
            throw new IllegalArgumentException(source + ": " + labels.length + " labels for " + features.length
                    + " feature values of dimension " + dim);
        }
    }

    public int size() {
        return labels.length;
    }
}
