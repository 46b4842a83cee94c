package org.transferlab.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.spec.TaskSpec;

/**
 * Dataset files stay under their root once links are resolved; anything else is refused with one
 * message that says nothing about the file (whether it exists, what it holds).
 */
class DatasetConfinementTest {
    private static final String SECRET = "SECRET-MARKER-7f3a";

    @TempDir
    Path tmp;
    private Path root;
    private DataRoots roots;

    @BeforeEach
    void plant() throws Exception {
        root = Files.createDirectories(tmp.resolve("data"));
        roots = new DataRoots(root, tmp.resolve("system"));
        Files.writeString(tmp.resolve("outside.csv"), "0,1,2\n" + SECRET + ",3,4\n");
        Files.writeString(root.resolve("inside.csv"), "0,1,2\n1,3,4\n");
        Files.createSymbolicLink(root.resolve("link-out.csv"), tmp.resolve("outside.csv"));
        Files.createSymbolicLink(root.resolve("link-missing.csv"), tmp.resolve("nothing-here.csv"));
        Files.createSymbolicLink(root.resolve("link-in.csv"), root.resolve("inside.csv"));
        Files.createSymbolicLink(root.resolve("proc"), Path.of("/proc/self"));
        Files.createSymbolicLink(root.resolve("zero"), Path.of("/dev/zero"));
        new ProcessBuilder("mkfifo", root.resolve("fifo.csv").toString()).start().waitFor();
        Files.createDirectories(root.resolve("folder"));
    }

    private static TaskSpec csv(String path) {
        return new TaskSpec("dataset", 0.0, null, null, null, null, path, "csv", List.of(0, 1), false);
    }

    @Test
    void pathsThatLeaveTheRootOrAreNotRegularFilesAreRefusedAlike() {
        assertThat(root.resolve("fifo.csv")).exists();
        for (String path : List.of("link-out.csv", "link-missing.csv", "nothing.csv", "proc/cmdline", "proc/environ",
                "zero", "fifo.csv", "../outside.csv", "folder/../../outside.csv")) {
            assertThatThrownBy(() -> DatasetFiles.locate(csv(path), roots, "source.task")).as(path)
                    .isInstanceOf(DataFileException.class)
                    .hasMessage("source.task.path: " + DatasetFiles.UNUSABLE);
        }
    }

    @Test
    void linksThatStayInsideTheRootAreFollowed() {
        DatasetLibrary library = new DatasetLibrary(roots, 1 << 20);
        assertThat(library.split(csv("link-in.csv"), true, "source.task").dim()).isEqualTo(2);
        assertThat(CsvTable.width(DatasetFiles.locate(csv("inside.csv"), roots, "source.task").asFile())).isEqualTo(2);
    }

    @Test
    void aFolderEntryThatLinksOutIsNotFound() throws Exception {
        Path idx = Files.createDirectories(root.resolve("idx"));
        DataFiles.mnist(idx, "train", 2, 2, false, 0, 1);
        Files.delete(idx.resolve("train-images-idx3-ubyte"));
        Files.createSymbolicLink(idx.resolve("train-images-idx3-ubyte"), tmp.resolve("outside.csv"));
        DatasetFiles files = DatasetFiles.locate(new TaskSpec("dataset", 0.0, null, null, null, null, "idx", "mnist",
                List.of(0, 1), false), roots, "source.task");
        assertThatThrownBy(() -> MnistIdx.read(files, true, Set.of(0, 1)))
                .hasMessageContaining("idx/train-images-idx3-ubyte[.gz] not found").hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(tmp.toString());
    }

    @Test
    void aMissingRegisteredDatasetNamesThePackageAndTheDataRoot() {
        TaskSpec fashion = new TaskSpec("dataset", 0.0, null, null, null, "fashion-mnist", null, "mnist", List.of(0, 9), false);
        assertThatThrownBy(() -> new DatasetLibrary(roots, 1 << 20).split(fashion, true, "target.task"))
                .hasMessageContaining("target.task.name: dataset 'fashion-mnist' not found")
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining(root.resolve("fashion-mnist").toString())
                .hasMessageContaining(tmp.resolve("system").resolve("fashion-mnist").toString());
    }

    @Test
    void theProbeReadsHeadersOnlyAndSkipsWithoutADataRoot() throws Exception {
        Path idx = Files.createDirectories(root.resolve("idx"));
        DataFiles.mnist(idx, "train", 3, 5, true, 0, 1, 1);
        String spec = """
                {"network":{"activation":"relu","width":8},
                 "source":{"task":{"type":"dataset","path":"%s","format":"%s","classes":[0,1]},"samples":2,"gamma":1.0},
                 "target":{"task":{"type":"dataset","path":"%s","format":"%s","classes":[0,1]},"samples":2,"gamma":1.0}}""";
        assertThat(DatasetProbe.inputDim(parse(spec.formatted("idx", "mnist", "idx", "mnist")), roots)).isEqualTo(OptionalInt.of(15));
        assertThat(DatasetProbe.inputDim(parse(spec.formatted("inside.csv", "csv", "inside.csv", "csv")), roots))
                .isEqualTo(OptionalInt.of(2));
        assertThatThrownBy(() -> DatasetProbe.inputDim(parse(spec.formatted("inside.csv", "csv", "fifo.csv", "csv")), roots))
                .hasMessage("target.task.path: " + DatasetFiles.UNUSABLE);
        DataRoots nowhere = new DataRoots(tmp.resolve("absent"), tmp.resolve("absent"));
        assertThat(DatasetProbe.inputDim(parse(spec.formatted("inside.csv", "csv", "inside.csv", "csv")), nowhere)).isEmpty();
    }

    @Test
    void aFileWithoutLineBreaksIsReadNoFurtherThanOneLine() throws Exception {
        // 16 MiB of zero bytes: what /dev/zero would have given, as a regular file inside the root
        try (var out = Files.newOutputStream(root.resolve("zeros.csv"))) {
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 16; i++) {
                out.write(block);
            }
        }
        DataFile zeros = DatasetFiles.locate(csv("zeros.csv"), roots, "source.task").asFile();
        assertThatThrownBy(() -> CsvTable.width(zeros)).hasMessage("zeros.csv: line 1 is longer than " + CsvTable.MAX_LINE
                + " bytes at byte offset 0");
        assertThatThrownBy(() -> CsvTable.read(zeros, Set.of(0, 1))).hasMessageContaining("line 1 is longer than");
    }

    private static org.transferlab.protocol.spec.ExperimentSpec parse(String json) {
        return org.transferlab.protocol.spec.SpecJson.parseSpec(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).withDefaults();
    }
}
