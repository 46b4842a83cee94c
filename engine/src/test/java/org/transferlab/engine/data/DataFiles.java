package org.transferlab.engine.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Writes small data files in the exact byte layouts of the real formats, for the loader tests. */
final class DataFiles {
    private DataFiles() {
    }

    /**
     * A CIFAR-10 batch: for each label, one record whose R, G and B planes are the constant values
     * (r, g, b) = (10 label, 20 + label, 30 + 2 label) plus the pixel index mod 7 on the red plane.
     */
    static void cifarBatch(Path file, int... labels) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int label : labels) {
            out.write(label);
            for (int p = 0; p < 1024; p++) {
                out.write(10 * label + p % 7);
            }
            for (int p = 0; p < 1024; p++) {
                out.write(20 + label);
            }
            for (int p = 0; p < 1024; p++) {
                out.write(30 + 2 * label);
            }
        }
        Files.write(file, out.toByteArray());
    }

    /** IDX image and label files of size rows x cols; pixel (i, k) = (label * 20 + k) mod 256. */
    static void mnist(Path folder, String prefix, int rows, int cols, boolean gzip, int... labels) throws IOException {
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        DataOutputStream img = new DataOutputStream(images);
        img.writeInt(0x00000803);
        img.writeInt(labels.length);
        img.writeInt(rows);
        img.writeInt(cols);
        for (int label : labels) {
            for (int k = 0; k < rows * cols; k++) {
                img.writeByte((label * 20 + k) % 256);
            }
        }
        ByteArrayOutputStream labelBytes = new ByteArrayOutputStream();
        DataOutputStream lab = new DataOutputStream(labelBytes);
        lab.writeInt(0x00000801);
        lab.writeInt(labels.length);
        for (int label : labels) {
            lab.writeByte(label);
        }
        write(folder.resolve(prefix + "-images-idx3-ubyte" + (gzip ? ".gz" : "")), images.toByteArray(), gzip);
        write(folder.resolve(prefix + "-labels-idx1-ubyte" + (gzip ? ".gz" : "")), labelBytes.toByteArray(), gzip);
    }

    /**
     * A CSV of {@code rows} examples of classes 0, 1, 2 in turn, 8 Gaussian features each with mean the class
     * and standard deviation 1, or 1 + k for feature k when {@code spreadByFeature}.
     */
    static void threeClassCsv(Path file, int rows, long seed, boolean spreadByFeature) throws IOException {
        StringBuilder csv = new StringBuilder();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < rows; i++) {
            csv.append(i % 3);
            for (int k = 0; k < 8; k++) {
                csv.append(',').append((spreadByFeature ? 1 + k : 1) * r.nextGaussian() + (i % 3));
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }

    private static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
