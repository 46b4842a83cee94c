package org.transferlab.engine.data;

import java.util.Arrays;
import org.transferlab.protocol.spec.TaskSpec;

/**
 * The datasets a task may name ({@link TaskSpec#REGISTERED}): the folder each lives in under a data
 * root, how its pixels are preprocessed, and how to get it when it is missing.
 */
enum RegisteredDataset {
    /** Zalando's Fashion-MNIST, gzipped IDX files; Debian installs them into /usr/share/datasets/fashion-mnist. */
    FASHION_MNIST("fashion-mnist", "fashion-mnist", Preprocessing.Kind.PER_PIXEL,
            "install it with 'apt-get install dataset-fashion-mnist', or put its four IDX files (gzipped or not) into "),
    MNIST("mnist", "mnist", Preprocessing.Kind.MNIST,
            "put the four MNIST IDX files (http://yann.lecun.com/exdb/mnist/ or a mirror; gzipped or not) into "),
    CIFAR10("cifar10", "cifar-10-batches-bin", Preprocessing.Kind.CIFAR,
            "extract https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz so that its batches are in ");

    final String name;
    final String folder;
    final Preprocessing.Kind preprocessing;
    private final String howToGet;

    RegisteredDataset(String name, String folder, Preprocessing.Kind preprocessing, String howToGet) {
        this.name = name;
        this.folder = folder;
        this.preprocessing = preprocessing;
        this.howToGet = howToGet;
    }

    static RegisteredDataset named(String name) {
        return Arrays.stream(values()).filter(d -> d.name.equals(name)).findFirst()
                .orElseThrow(() -> new DataFileException("task.name: '" + name + "' is not a registered dataset"));
    }

    /** Why this dataset is missing and how to get it, naming the folders looked in. */
    String missing(DataRoots roots) {
        return "dataset '" + name + "' not found: looked in " + roots.data().resolve(folder) + " (the data root, set by --data "
                + "or " + DataRoots.DATA_ENV + ") and " + roots.system().resolve(folder) + "; " + howToGet
                + roots.data().resolve(folder);
    }
}
