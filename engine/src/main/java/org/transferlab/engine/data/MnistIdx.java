package org.transferlab.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * MNIST in its IDX files, plain or gzip-compressed (detected by the gzip magic, not the name): images
 * {@code train-images-idx3-ubyte} (magic 0x00000803, count, rows, columns, then unsigned pixel bytes)
 * and labels {@code train-labels-idx1-ubyte} (magic 0x00000801, count, then label bytes); {@code t10k-*}
 * for the test split. A folder holding them is given; {@code .gz} is appended when only that exists.
 */
public final class MnistIdx {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private MnistIdx() {
    }

    /** The training or test split, keeping only the given classes; features are pixels 0-255. */
    public static Examples read(Path folder, boolean train, Set<Integer> classes) {
        String prefix = train ? "train" : "t10k";
        Path imagesFile = find(folder, prefix + "-images-idx3-ubyte");
        Path labelsFile = find(folder, prefix + "-labels-idx1-ubyte");
        int[] allLabels = readLabels(labelsFile);
        try (DataInputStream in = open(imagesFile)) {
            long offset = 0;
            int magic = readInt(in, imagesFile, offset);
            if (magic != IMAGES_MAGIC) {
                throw DataFileException.at(imagesFile.toString(), 0, String.format("magic 0x%08x is not an IDX image file (0x%08x)",
                        magic, IMAGES_MAGIC));
            }
            int count = readInt(in, imagesFile, 4);
            int rows = readInt(in, imagesFile, 8);
            int cols = readInt(in, imagesFile, 12);
            if (count != allLabels.length) {
                throw DataFileException.at(imagesFile.toString(), 4, count + " images but " + allLabels.length + " labels in "
                        + labelsFile);
            }
            if (rows <= 0 || cols <= 0 || (long) rows * cols > 1 << 20) {
                throw DataFileException.at(imagesFile.toString(), 8, "implausible image size " + rows + " x " + cols);
            }
            int dim = rows * cols;
            offset = 16;
            byte[] image = new byte[dim];
            IntList labels = new IntList();
            FloatList pixels = new FloatList();
            for (int i = 0; i < count; i++) {
                int n = in.readNBytes(image, 0, dim);
                if (n < dim) {
                    throw DataFileException.at(imagesFile.toString(), offset + n, "file ends inside image " + i + " of " + count);
                }
                if (classes.contains(allLabels[i])) {
                    labels.add(allLabels[i]);
                    for (byte b : image) {
                        pixels.add(b & 0xff);
                    }
                }
                offset += dim;
            }
            return new Examples(imagesFile.toString(), dim, labels.toArray(), pixels.toArray());
        } catch (IOException e) {
            throw new DataFileException(imagesFile + ": cannot read: " + e.getMessage());
        }
    }

    private static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readInt(in, file, 0);
            if (magic != LABELS_MAGIC) {
                throw DataFileException.at(file.toString(), 0, String.format("magic 0x%08x is not an IDX label file (0x%08x)",
                        magic, LABELS_MAGIC));
            }
            int count = readInt(in, file, 4);
            if (count < 0) {
                throw DataFileException.at(file.toString(), 4, "negative label count " + count);
            }
            byte[] raw = in.readNBytes(count);
            if (raw.length < count) {
                throw DataFileException.at(file.toString(), 8 + raw.length, "file ends after " + raw.length + " of " + count + " labels");
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw new DataFileException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static Path find(Path folder, String name) {
        for (Path p : new Path[] {folder.resolve(name), folder.resolve(name + ".gz")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFileException(folder + ": " + name + "[.gz] not found. MNIST's IDX files are published at "
                + "http://yann.lecun.com/exdb/mnist/ (and mirrors); put them into the data folder (see README, \"Real data\").");
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw);
    }

    private static int readInt(DataInputStream in, Path file, long offset) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw DataFileException.at(file.toString(), offset, "file ends inside the IDX header");
        }
    }
}
