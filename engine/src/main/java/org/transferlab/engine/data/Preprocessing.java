package org.transferlab.engine.data;

/**
 * The input pipeline of THEORY 1.2 (the authors' earlier public code): CIFAR-10 images converted to
 * grayscale (ITU-R 601 weights, as tf.image.rgb_to_grayscale), resized to 28 x 28 (bilinear, half-pixel
 * centres, as tf.image.resize), scaled to [0, 1] and normalised (x - 0.4799)/0.2396; MNIST scaled and
 * normalised (x - 0.1307)/0.3081; CSV features used as given. Every step is linear per image, so their
 * order does not matter. Output: one flattened row of D = 784 values per image (CSV: its own D).
 * Fashion-MNIST (by name) is standardised per pixel instead ({@link PixelStandardisation}).
 */
public final class Preprocessing {
    /** Which pipeline a dataset's pixels go through: the paper's CIFAR-10 and MNIST ones, per pixel, or none (CSV). */
    enum Kind {
        CIFAR, MNIST, PER_PIXEL, NONE;

        static Kind ofFormat(String format) {
            return switch (format) {
                case "cifar10" -> CIFAR;
                case "mnist" -> MNIST;
                case "csv" -> NONE;
                default -> throw new DataFileException("task.format: '" + format + "' is not one of cifar10, mnist, csv");
            };
        }
    }

    public static final int SIDE = 28;
    static final double CIFAR_MEAN = 0.4799;
    static final double CIFAR_STD = 0.2396;
    static final double MNIST_MEAN = 0.1307;
    static final double MNIST_STD = 0.3081;
    private static final double[] GRAY = {0.2989, 0.5870, 0.1140};

    private Preprocessing() {
    }

    /** CIFAR-10 RGB planes (3 x 32 x 32, 0-255) to normalised 28 x 28 grayscale rows. */
    public static double[] cifar(Examples raw) {
        int n = raw.size();
        int in = Cifar10Binary.SIDE;
        double[] out = new double[n * SIDE * SIDE];
        double[] gray = new double[in * in];
        float[] f = raw.features();
        double scale = in / (double) SIDE;
        for (int e = 0; e < n; e++) {
            int base = e * raw.dim();
            for (int p = 0; p < in * in; p++) {
                gray[p] = (GRAY[0] * f[base + p] + GRAY[1] * f[base + Cifar10Binary.PIXELS + p]
                        + GRAY[2] * f[base + 2 * Cifar10Binary.PIXELS + p]) / 255.0;
            }
            for (int r = 0; r < SIDE; r++) {
                double sy = Math.min(Math.max((r + 0.5) * scale - 0.5, 0), in - 1);
                int y0 = (int) Math.floor(sy);
                int y1 = Math.min(y0 + 1, in - 1);
                double wy = sy - y0;
                for (int c = 0; c < SIDE; c++) {
                    double sx = Math.min(Math.max((c + 0.5) * scale - 0.5, 0), in - 1);
                    int x0 = (int) Math.floor(sx);
                    int x1 = Math.min(x0 + 1, in - 1);
                    double wx = sx - x0;
                    double v = (1 - wy) * ((1 - wx) * gray[y0 * in + x0] + wx * gray[y0 * in + x1])
                            + wy * ((1 - wx) * gray[y1 * in + x0] + wx * gray[y1 * in + x1]);
                    out[e * SIDE * SIDE + r * SIDE + c] = (v - CIFAR_MEAN) / CIFAR_STD;
                }
            }
        }
        return out;
    }

    /** MNIST pixels (0-255) to normalised rows. */
    public static double[] mnist(Examples raw) {
        return affine(raw, 1 / (255.0 * MNIST_STD), -MNIST_MEAN / MNIST_STD);
    }

    /** CSV features as they are. */
    public static double[] identity(Examples raw) {
        return affine(raw, 1, 0);
    }

    private static double[] affine(Examples raw, double scale, double shift) {
        float[] f = raw.features();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i] * scale + shift;
        }
        return out;
    }
}
