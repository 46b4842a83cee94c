package org.transferlab.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.engine.task.Dataset;
import org.transferlab.protocol.spec.TaskSpec;

class DatasetLoadersTest {
    @TempDir
    Path dir;

    /** The files of a dataset task at {@code relative} under the data root {@link #dir}. */
    private DatasetFiles at(String relative, String format) {
        return DatasetFiles.locate(task(relative, format, List.of(0, 1)), new DataRoots(dir, dir.resolve("no-system")), "source.task");
    }

    private static TaskSpec task(String relative, String format, List<Integer> classes) {
        return new TaskSpec("dataset", 0.0, null, null, null, null, relative, format, classes, false);
    }

    private DatasetLibrary library() {
        return new DatasetLibrary(new DataRoots(dir, dir.resolve("no-system")), 1 << 30);
    }

    @Test
    void cifarRecordsAreParsedFilteredAndPreprocessedToNormalisedGrayscale28x28() throws Exception {
        Files.createDirectories(dir.resolve("batches"));
        DataFiles.cifarBatch(dir.resolve("batches/data_batch_1.bin"), 0, 1, 9, 0, 3);
        DataFiles.cifarBatch(dir.resolve("batches/data_batch_2.bin"), 9, 1);
        Examples raw = Cifar10Binary.read(at("batches", "cifar10"), true, Set.of(0, 9));
        assertThat(raw.labels()).containsExactly(0, 9, 0, 9);
        assertThat(raw.dim()).isEqualTo(3072);
        // Class 9: green plane 29, blue plane 48 everywhere; red 90 + index mod 7.
        assertThat(raw.features()[3072 + 1024]).isEqualTo(29f);
        double[] x = Preprocessing.cifar(raw);
        assertThat(x).hasSize(4 * 784);
        // Class 0 image: red p % 7, green 20, blue 30. A pixel's gray value is a weighted average of the
        // planes, bilinear resizing keeps it inside the red plane's range 0..6.
        double low = (0.5870 * 20 + 0.1140 * 30) / 255;
        double high = (0.2989 * 6 + 0.5870 * 20 + 0.1140 * 30) / 255;
        for (int i = 0; i < 784; i++) {
            double pixel = x[i] * Preprocessing.CIFAR_STD + Preprocessing.CIFAR_MEAN;
            assertThat(pixel).isBetween(low - 1e-12, high + 1e-12);
        }
    }

    @Test
    void aTruncatedCifarBatchNamesTheFileAndTheOffset() throws Exception {
        Path f = Files.createDirectories(dir.resolve("batches")).resolve("data_batch_1.bin");
        DataFiles.cifarBatch(f, 0, 1);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, 3073 + 100));
        assertThatThrownBy(() -> Cifar10Binary.read(at("batches", "cifar10"), true, Set.of(0, 1)))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith("batches/data_batch_1.bin:").hasMessageContaining("byte offset 3073")
                .hasMessageContaining("truncated").hasMessageNotContaining(dir.toString());
        assertThatThrownBy(() -> Cifar10Binary.read(at("batches", "cifar10"), false, Set.of(0, 1)))
                .hasMessageContaining("cifar-10-binary.tar.gz");
    }

    @Test
    void mnistIdxFilesPlainAndGzipGiveTheSameExamples() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Path gz = Files.createDirectories(dir.resolve("gz"));
        DataFiles.mnist(plain, "train", 4, 5, false, 3, 7, 3, 1);
        DataFiles.mnist(gz, "train", 4, 5, true, 3, 7, 3, 1);
        Examples a = MnistIdx.read(at("plain", "mnist"), true, Set.of(3, 7));
        Examples b = MnistIdx.read(at("gz", "mnist"), true, Set.of(3, 7));
        assertThat(a.labels()).containsExactly(3, 7, 3);
        assertThat(a.dim()).isEqualTo(20);
        assertThat(b.labels()).isEqualTo(a.labels());
        assertThat(b.features()).isEqualTo(a.features());
        assertThat(a.features()[20 + 5]).isEqualTo(7 * 20 + 5);
        double[] x = Preprocessing.mnist(a);
        assertThat(x[0]).isCloseTo((60 / 255.0 - 0.1307) / 0.3081, within(1e-6));
    }

    @Test
    void corruptMnistFilesAreRefusedWithTheirOffset() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("idx"));
        DataFiles.mnist(folder, "t10k", 4, 5, false, 1, 2);
        Path images = folder.resolve("t10k-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, 16 + 20 + 3));
        assertThatThrownBy(() -> MnistIdx.read(at("idx", "mnist"), false, Set.of(1, 2)))
                .hasMessageStartingWith("idx/t10k-images-idx3-ubyte:").hasMessageContaining("byte offset 39")
                .hasMessageContaining("image 1");
        bytes[3] = 0x01;
        Files.write(images, bytes);
        assertThatThrownBy(() -> MnistIdx.read(at("idx", "mnist"), false, Set.of(1, 2)))
                .hasMessageContaining("not an IDX image file (magic 0x00000803 expected)").hasMessageContaining("byte offset 0");
    }

    @Test
    void csvHoldsOutAFixedQuarterAndReportsBadLines() throws Exception {
        StringBuilder csv = new StringBuilder("# label, two features\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 2).append(',').append(i).append(',').append(-i).append('\n');
        }
        Path f = dir.resolve("t.csv");
        Files.writeString(f, csv);
        TaskSpec task = task("t.csv", "csv", List.of(0, 1));
        DatasetLibrary library = library();
        DatasetLibrary.Split train = library.split(task, true, "source.task");
        DatasetLibrary.Split test = library.split(task, false, "source.task");
        assertThat(train.size()).isEqualTo(30);
        assertThat(test.size()).isEqualTo(10);
        assertThat(train.dim()).isEqualTo(2);
        for (int i = 0; i < test.size(); i++) {
            for (int j = 0; j < train.size(); j++) {
                assertThat(test.x()[2 * i]).isNotEqualTo(train.x()[2 * j]);
            }
        }
        assertThat(library().split(task, false, "source.task").x()).isEqualTo(test.x());
        Files.writeString(f, "0,1,2\n1,3\n");
        assertThatThrownBy(() -> CsvTable.read(at("t.csv", "csv").asFile(), Set.of(0, 1))).hasMessageStartingWith("t.csv:")
                .hasMessageContaining("line 2 has 1 features").hasMessageContaining("byte offset 6");
        Files.writeString(f, "0,1,2\n1,SECRET-VALUE,3\n");
        assertThatThrownBy(() -> CsvTable.read(at("t.csv", "csv").asFile(), Set.of(0, 1)))
                .hasMessageContaining("line 2, column 2 is not a number").hasMessageNotContaining("SECRET");
        Files.writeString(f, "0,1,2\nSECRET-LABEL,3,4\n");
        assertThatThrownBy(() -> CsvTable.read(at("t.csv", "csv").asFile(), Set.of(0, 1)))
                .hasMessageContaining("line 2: the label is not an integer").hasMessageNotContaining("SECRET");
    }

    @Test
    void balancedSamplesAreSeededAndSigned() throws Exception {
        Path f = dir.resolve("g.csv");
        DataFiles.threeClassCsv(f, 200, 1, false);
        DatasetLibrary.Split split = library().split(task("g.csv", "csv", List.of(2, 0)), true, "source.task");
        Dataset a = BalancedSample.draw(split, List.of(2, 0), 21, 0, new SplittableRandom(5), "source");
        Dataset b = BalancedSample.draw(split, List.of(2, 0), 21, 0, new SplittableRandom(5), "source");
        assertThat(a.x().data()).isEqualTo(b.x().data());
        assertThat(Arrays.stream(a.clean()).filter(v -> v == -1).count()).isEqualTo(11);
        assertThat(Arrays.stream(a.clean()).filter(v -> v == 1).count()).isEqualTo(10);
        // Class 2 (label -1) has feature mean about 2, class 0 (+1) about 0.
        double meanNegative = 0;
        for (int i = 0; i < 21; i++) {
            if (a.clean()[i] == -1) {
                meanNegative += a.x().get(i, 0) / 11;
            }
        }
        assertThat(meanNegative).isCloseTo(2, within(0.8));
        assertThatThrownBy(() -> BalancedSample.draw(split, List.of(2, 0), 500, 0, new SplittableRandom(5), "target"))
                .hasMessageContaining("target.samples: needs 250 examples of class 2");
    }
}
