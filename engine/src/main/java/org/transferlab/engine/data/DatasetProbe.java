package org.transferlab.engine.data;

import java.util.OptionalInt;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.TaskSpec;

/**
 * A dataset task's input dimension for cost estimates, reading no more than a file's header (IDX) or
 * its first {@link CsvTable#WIDTH_PREFIX} bytes (CSV), and checking on the way that the task's files
 * are usable under the data root. Registered datasets and CIFAR-10 need no file: they are 28 x 28 after
 * preprocessing.
 */
public final class DatasetProbe {
    private static final int IMAGE_DIM = Preprocessing.SIDE * Preprocessing.SIDE;

    private DatasetProbe() {
    }

    /**
     * The source task's input dimension when the spec has dataset tasks, both tasks checked against the
     * data root; empty for synthetic tasks, and when this process has no data root (its workers check).
     *
     * @throws DataFileException when a task's path cannot be used (the message names the field, not the file)
     */
    public static OptionalInt inputDim(ExperimentSpec spec, DataRoots roots) {
        if (!isDataset(spec)) {
            return OptionalInt.empty();
        }
        fromFiles(spec.target().task(), roots, "target.task");
        return fromFiles(spec.source().task(), roots, "source.task");
    }

    /** What is known of the source task's input dimension without any file: registered datasets and CIFAR-10. */
    public static OptionalInt inputDimWithoutFiles(ExperimentSpec spec) {
        if (!isDataset(spec)) {
            return OptionalInt.empty();
        }
        TaskSpec t = spec.source().task();
        return t.name() != null || "cifar10".equals(t.format()) ? OptionalInt.of(IMAGE_DIM) : OptionalInt.empty();
    }

    private static OptionalInt fromFiles(TaskSpec task, DataRoots roots, String field) {
        if (task.name() != null) {
            return OptionalInt.of(IMAGE_DIM);
        }
        if (ConfinedRoot.of(roots.data()).isEmpty()) {
            return OptionalInt.empty();
        }
        DatasetFiles files = DatasetFiles.locate(task, roots, field);
        int d = switch (task.format()) {
            case "cifar10" -> IMAGE_DIM;
            case "mnist" -> MnistIdx.dim(files);
            case "csv" -> files.isFile() ? CsvTable.width(files.asFile()) : 0;
            default -> 0;
        };
        return d > 0 ? OptionalInt.of(d) : OptionalInt.empty();
    }

    private static boolean isDataset(ExperimentSpec spec) {
        return "dataset".equals(spec.source().task().type()) || "dataset".equals(spec.target().task().type());
    }
}
