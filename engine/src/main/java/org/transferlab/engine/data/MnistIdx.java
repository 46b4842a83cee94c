package org.transferlab.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.transferlab.protocol.spec.SpecValidator;

/**
 * MNIST-style IDX files (MNIST, Fashion-MNIST), plain or gzip-compressed (detected by the gzip magic,
 * not the name): images {@code train-images-idx3-ubyte} (magic 0x00000803, count, rows, columns, then
 * unsigned pixel bytes) and labels {@code train-labels-idx1-ubyte} (magic 0x00000801, count, then label
 * bytes); {@code t10k-*} for the test split. A folder holding them is given; {@code .gz} is appended
 * when only that exists.
 */
public final class MnistIdx {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    /** Bytes of the image header: magic, count, rows, columns. */
    private static final int HEADER = 16;
    /** More examples than any IDX dataset has: bounds what a damaged (or hostile) header makes the reader allocate. */
    static final int MAX_EXAMPLES = 10_000_000;

    private MnistIdx() {
    }

    /** Receives the images of a split one at a time (the array is reused). */
    interface ImageVisitor {
        void image(int label, byte[] pixels);
    }

    /** The training or test split, keeping only the given classes; features are pixels 0-255. */
    public static Examples read(DatasetFiles folder, boolean train, Set<Integer> classes) {
        IntList labels = new IntList();
        FloatList pixels = new FloatList();
        int[] dim = new int[1];
        String source = forEachImage(folder, train, (label, image) -> {
            dim[0] = image.length;
            if (classes.contains(label)) {
                labels.add(label);
                for (byte b : image) {
                    pixels.add(b & 0xff);
                }
            }
        });
        return new Examples(source, dim[0], labels.toArray(), pixels.toArray());
    }

    /** The number of pixels per image, from the training images' 16-byte header only. */
    public static int dim(DatasetFiles folder) {
        DataFile images = find(folder, "train-images-idx3-ubyte");
        try (DataInputStream in = open(images)) {
            return header(in, images)[1];
        } catch (IOException e) {
            throw images.unreadable(e);
        }
    }

    /**
     * Visits every image of the split in file order with its label.
     *
     * @return the image file's name relative to its root
     */
    static String forEachImage(DatasetFiles folder, boolean train, ImageVisitor visitor) {
        String prefix = train ? "train" : "t10k";
        DataFile imagesFile = find(folder, prefix + "-images-idx3-ubyte");
        DataFile labelsFile = find(folder, prefix + "-labels-idx1-ubyte");
        int[] allLabels = readLabels(labelsFile);
        try (DataInputStream in = open(imagesFile)) {
            int[] countAndDim = header(in, imagesFile);
            int count = countAndDim[0];
            int dim = countAndDim[1];
            if (count != allLabels.length) {
                throw DataFileException.at(imagesFile.name(), 4, "the image count does not match the label count of " + labelsFile.name());
            }
            long offset = HEADER;
            byte[] image = new byte[dim];
            for (int i = 0; i < count; i++) {
                int n = in.readNBytes(image, 0, dim);
                if (n < dim) {
                    throw DataFileException.at(imagesFile.name(), offset + n, "file ends inside image " + i);
                }
                visitor.image(allLabels[i], image);
                offset += dim;
            }
            return imagesFile.name();
        } catch (IOException e) {
            throw imagesFile.unreadable(e);
        }
    }

    /** Checks the image header; returns {count, rows x columns}. */
    private static int[] header(DataInputStream in, DataFile file) throws IOException {
        int magic = readInt(in, file, 0);
        if (magic != IMAGES_MAGIC) {
            throw DataFileException.at(file.name(), 0, String.format("not an IDX image file (magic 0x%08x expected)", IMAGES_MAGIC));
        }
        int count = readInt(in, file, 4);
        int rows = readInt(in, file, 8);
        int cols = readInt(in, file, 12);
        if (count < 0 || count > MAX_EXAMPLES) {
            throw DataFileException.at(file.name(), 4, "the image count is not 0 to " + MAX_EXAMPLES);
        }
        if (rows <= 0 || cols <= 0 || (long) rows * cols > SpecValidator.MAX_INPUT_DIM) {
            throw DataFileException.at(file.name(), 8, "the image size is not 1 to " + SpecValidator.MAX_INPUT_DIM + " pixels");
        }
        return new int[] {count, rows * cols};
    }

    private static int[] readLabels(DataFile file) {
        try (DataInputStream in = open(file)) {
            int magic = readInt(in, file, 0);
            if (magic != LABELS_MAGIC) {
                throw DataFileException.at(file.name(), 0, String.format("not an IDX label file (magic 0x%08x expected)", LABELS_MAGIC));
            }
            int count = readInt(in, file, 4);
            if (count < 0 || count > MAX_EXAMPLES) {
                throw DataFileException.at(file.name(), 4, "the label count is not 0 to " + MAX_EXAMPLES);
            }
            byte[] raw = in.readNBytes(count);
            if (raw.length < count) {
                throw DataFileException.at(file.name(), 8 + raw.length, "file ends after " + raw.length + " labels");
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw file.unreadable(e);
        }
    }

    private static DataFile find(DatasetFiles folder, String name) {
        return folder.child(name).or(() -> folder.child(name + ".gz")).orElseThrow(() -> new DataFileException(
                folder.shown() + "/" + name + "[.gz] not found. MNIST-style IDX files (MNIST: http://yann.lecun.com/exdb/mnist/ "
                        + "or a mirror; Fashion-MNIST: apt-get install dataset-fashion-mnist) go into a folder of the data root."));
    }

    private static DataInputStream open(DataFile file) throws IOException {
        InputStream raw = file.open();
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw);
    }

    private static int readInt(DataInputStream in, DataFile file, long offset) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw DataFileException.at(file.name(), offset, "file ends inside the IDX header");
        }
    }
}
