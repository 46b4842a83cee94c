package org.transferlab.engine.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.transferlab.protocol.spec.TaskSpec;

/**
 * Loads and preprocesses the splits a job's dataset tasks need, once per job: a sweep over target
 * sizes reads each file once. Relative paths resolve against the data folder: the system property
 * {@value #DATA_PROPERTY} (set by {@code ./transferlab run --data DIR}), else the environment variable
 * {@value #DATA_ENV}, else the working directory.
 */
public final class DatasetLibrary {
    public static final String DATA_PROPERTY = "transferlab.data";
    public static final String DATA_ENV = "TRANSFERLAB_DATA";
    /** A CSV file has no test split: this fraction of its lines, chosen by a fixed permutation, is held out. */
    static final double CSV_TEST_FRACTION = 0.25;
    private static final long CSV_SPLIT_SEED = 0x5EEDL;

    private final Map<String, Split> splits = new HashMap<>();

    /** Preprocessed examples of one split restricted to a class pair: row-major rows of dimension {@code dim}. */
    public record Split(String source, int dim, int[] labels, double[] x) {
        public int size() {
            return labels.length;
        }
    }

    /** The training ({@code train}) or test split of the task's file, its two classes only, preprocessed. */
    public Split split(TaskSpec task, boolean train) {
        Path path = resolve(task.path());
        Set<Integer> classes = new LinkedHashSet<>(task.classes());
        String key = task.format() + "|" + path + "|" + train + "|" + classes;
        return splits.computeIfAbsent(key, k -> load(task.format(), path, train, classes));
    }

    public static Path resolve(String path) {
        Path p = Path.of(path);
        if (p.isAbsolute()) {
            return p;
        }
        String root = System.getProperty(DATA_PROPERTY, System.getenv(DATA_ENV));
        return root == null ? p.toAbsolutePath() : Path.of(root).resolve(p);
    }

    private static Split load(String format, Path path, boolean train, Set<Integer> classes) {
        return switch (format) {
            case "cifar10" -> {
                Examples raw = Cifar10Binary.read(path, train, classes);
                yield new Split(raw.source(), Preprocessing.SIDE * Preprocessing.SIDE, raw.labels(), Preprocessing.cifar(raw));
            }
            case "mnist" -> {
                Examples raw = MnistIdx.read(path, train, classes);
                yield new Split(raw.source(), raw.dim(), raw.labels(), Preprocessing.mnist(raw));
            }
            case "csv" -> csvSplit(CsvTable.read(path, classes), train);
            default -> throw new DataFileException("task.format: '" + format + "' is not one of cifar10, mnist, csv");
        };
    }

    /** The CSV's held-out test lines are a fixed permutation's last quarter: the same for every job and seed. */
    private static Split csvSplit(Examples raw, boolean train) {
        int n = raw.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(CSV_SPLIT_SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int testCount = (int) Math.round(n * CSV_TEST_FRACTION);
        int from = train ? 0 : n - testCount;
        int to = train ? n - testCount : n;
        double[] all = Preprocessing.identity(raw);
        int d = raw.dim();
        int[] labels = new int[to - from];
        double[] x = new double[(to - from) * d];
        for (int k = from; k < to; k++) {
            labels[k - from] = raw.labels()[order[k]];
            System.arraycopy(all, order[k] * d, x, (k - from) * d, d);
        }
        return new Split(raw.source() + (train ? " (training lines)" : " (held-out test lines)"), d, labels, x);
    }
}
