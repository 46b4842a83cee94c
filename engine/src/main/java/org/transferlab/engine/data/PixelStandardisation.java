package org.transferlab.engine.data;

/**
 * Per-pixel standardisation, x_j <- (x_j - mean_j) / max(sd_j, {@value #SD_FLOOR}) on pixels scaled to
 * [0, 1], with each pixel's mean and standard deviation over the whole training split (all classes, so
 * that every class pair of one dataset shares one input space). The floor keeps border pixels that are
 * almost always 0 from being blown up: on Fashion-MNIST an unfloored standardisation sends a pixel to
 * 185 standard deviations; with the floor (94 of its 784 pixels are below it) no value exceeds 10 and
 * |x|^2/D averages 0.92.
 */
record PixelStandardisation(double[] mean, double[] scale) {
    static final double SD_FLOOR = 0.1;

    /** Fitted on the training images of an IDX folder, in one pass over them. */
    static PixelStandardisation fit(DatasetFiles folder) {
        double[][] sums = new double[2][];
        long[] n = new long[1];
        MnistIdx.forEachImage(folder, true, (label, image) -> {
            if (sums[0] == null) {
                sums[0] = new double[image.length];
                sums[1] = new double[image.length];
            }
            for (int j = 0; j < image.length; j++) {
                double v = (image[j] & 0xff) / 255.0;
                sums[0][j] += v;
                sums[1][j] += v * v;
            }
            n[0]++;
        });
        if (n[0] == 0) {
            throw new DataFileException(folder.shown() + ": the training split has no images to standardise with");
        }
        int d = sums[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = sums[0][j] / n[0];
            double variance = Math.max(0, sums[1][j] / n[0] - mean[j] * mean[j]);
            scale[j] = 1 / Math.max(Math.sqrt(variance), SD_FLOOR);
        }
        return new PixelStandardisation(mean, scale);
    }

    /** Pixels 0-255 of the examples, standardised. */
    double[] apply(Examples raw) {
        int d = raw.dim();
        if (d != mean.length) {
            throw new DataFileException(raw.source() + ": images of " + d + " pixels, the training split's have " + mean.length);
        }
        float[] f = raw.features();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            int j = i % d;
            out[i] = (f[i] / 255.0 - mean[j]) * scale[j];
        }
        return out;
    }

    long bytes() {
        return 16L * mean.length;
    }
}
