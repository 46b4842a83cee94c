package org.transferlab.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.spec.TaskSpec;

/**
 * The real Fashion-MNIST of Debian's dataset-fashion-mnist (which .ci/run installs), by name: found in
 * the system folder, standardised per pixel over the whole training split, and kept by the library
 * for the next job.
 */
class FashionMnistTest {
    private static final Path DEBIAN = Path.of(DataRoots.DEBIAN_DATASETS, "fashion-mnist");

    @TempDir
    Path emptyDataRoot;

    private static TaskSpec fashion(List<Integer> classes) {
        return new TaskSpec("dataset", 0.0, null, null, null, "fashion-mnist", null, "mnist", classes, false);
    }

    @Test
    void aClassPairIsReadStandardisedAndServedFromTheCacheTheSecondTime() {
        assumeTrue(Files.isDirectory(DEBIAN), "needs 'apt-get install dataset-fashion-mnist'");
        DatasetLibrary library = new DatasetLibrary(new DataRoots(emptyDataRoot, Path.of(DataRoots.DEBIAN_DATASETS)), 1L << 30);
        long t0 = System.nanoTime();
        DatasetLibrary.Split train = library.split(fashion(List.of(0, 9)), true, "source.task");
        long first = System.nanoTime() - t0;
        assertThat(train.size()).isEqualTo(12_000);
        assertThat(train.dim()).isEqualTo(784);
        assertThat(train.source()).isEqualTo("fashion-mnist/train-images-idx3-ubyte.gz");
        // The first image of the pair is training image 0 (an ankle boot, class 9). Values from numpy on the
        // same files: (x / 255 - mean_j) / max(sd_j, 0.1), moments over all 60000 training images.
        assertThat(train.labels()[0]).isEqualTo(9);
        assertThat(train.x()[400]).isCloseTo(-1.1666279695737234, within(1e-9));
        assertThat(train.x()[784 + 400]).isCloseTo(1.0285861457808885, within(1e-9));
        assertThat(library.split(fashion(List.of(0, 9)), false, "source.task").size()).isEqualTo(2_000);

        long hits = library.cacheHits();
        t0 = System.nanoTime();
        DatasetLibrary.Split again = library.split(fashion(List.of(9, 0)), true, "target.task");
        long second = System.nanoTime() - t0;
        assertThat(again).isSameAs(train);
        assertThat(library.cacheHits()).isEqualTo(hits + 1);
        System.out.printf("Fashion-MNIST {0, 9} training split: first load %.2f s, from the cache %.3f ms%n", first / 1e9,
                second / 1e6);
    }

    @Test
    void theWholeTrainingSplitHasPixelMeansZeroAndUnitDeviationsAboveTheFloor() {
        assumeTrue(Files.isDirectory(DEBIAN), "needs 'apt-get install dataset-fashion-mnist'");
        DatasetLibrary library = new DatasetLibrary(new DataRoots(emptyDataRoot, Path.of(DataRoots.DEBIAN_DATASETS)), 1L << 30);
        DatasetLibrary.Split all = library.split(fashion(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), true, "source.task");
        int n = all.size();
        int d = all.dim();
        assertThat(n).isEqualTo(60_000);
        int floored = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            double square = 0;
            for (int i = 0; i < n; i++) {
                double v = all.x()[i * d + j];
                mean += v / n;
                square += v * v / n;
            }
            double sd = Math.sqrt(square - mean * mean);
            assertThat(mean).as("pixel %d", j).isCloseTo(0, within(1e-9));
            assertThat(sd).as("pixel %d", j).isLessThanOrEqualTo(1 + 1e-9);
            if (sd < 1 - 1e-9) {
                floored++;
            }
        }
        assertThat(floored).isEqualTo(94); // numpy: 94 pixels have a standard deviation under 0.1 of the [0, 1] range
    }
}
