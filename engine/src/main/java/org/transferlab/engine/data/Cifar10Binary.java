package org.transferlab.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CIFAR-10 binary version ({@code cifar-10-batches-bin}): each record is one label byte (0-9)
 * followed by 3072 pixel bytes, the 1024 red values of the 32 x 32 image row by row, then green, then
 * blue. The training split is {@code data_batch_1.bin} .. {@code data_batch_5.bin}, the test split
 * {@code test_batch.bin}; a folder holding them (or one .bin file) may be given.
 */
public final class Cifar10Binary {
    public static final int SIDE = 32;
    public static final int PIXELS = SIDE * SIDE;
    private static final int RECORD = 1 + 3 * PIXELS;
    private static final List<String> TRAIN = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    private static final String TEST = "test_batch.bin";

    private Cifar10Binary() {
    }

    /** The training or test split, keeping only the given classes; features are RGB planes, 0-255. */
    public static Examples read(DatasetFiles location, boolean train, Set<Integer> classes) {
        List<DataFile> files = new ArrayList<>();
        if (location.isFile()) {
            files.add(location.asFile());
        } else {
            for (String name : train ? TRAIN : List.of(TEST)) {
                location.child(name).ifPresent(files::add);
            }
        }
        if (files.isEmpty()) {
            throw new DataFileException(location.shown() + ": no CIFAR-10 " + (train ? "training batches (data_batch_1.bin ...)"
                    : "test batch (test_batch.bin)") + " found. Get the binary version from "
                    + "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz and extract it into the data root.");
        }
        IntList labels = new IntList();
        FloatList pixels = new FloatList();
        byte[] record = new byte[RECORD];
        for (DataFile f : files) {
            try (InputStream in = f.open()) {
                long offset = 0;
                while (true) {
                    int n = in.readNBytes(record, 0, RECORD);
                    if (n == 0) {
                        break;
                    }
                    if (n < RECORD) {
                        throw DataFileException.at(f.name(), offset, "truncated record (" + n + " of " + RECORD + " bytes)");
                    }
                    int label = record[0] & 0xff;
                    if (label > 9) {
                        throw DataFileException.at(f.name(), offset, "the label byte is not a CIFAR-10 class (0-9)");
                    }
                    if (classes.contains(label)) {
                        labels.add(label);
                        for (int i = 1; i < RECORD; i++) {
                            pixels.add(record[i] & 0xff);
                        }
                    }
                    offset += RECORD;
                }
            } catch (IOException e) {
                throw f.unreadable(e);
            }
        }
        return new Examples(location.shown(), 3 * PIXELS, labels.toArray(), pixels.toArray());
    }
}
