package org.transferlab.engine.data;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.protocol.spec.TaskSpec;

/**
 * Loads and preprocesses the splits that dataset tasks need, confined to the {@link DataRoots}, and
 * keeps them for later jobs: one library serves every job of an engine (one per worker), so the
 * second job on a dataset neither decompresses nor standardises it again. The cache is bounded in
 * bytes: system property {@value #CACHE_PROPERTY} or environment variable {@value #CACHE_ENV}, in MiB
 * (default {@value #DEFAULT_CACHE_MIB}; a Fashion-MNIST class pair's training split takes 75 MiB).
 */
public final class DatasetLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetLibrary.class);
    public static final String CACHE_PROPERTY = "transferlab.data.cacheMiB";
    public static final String CACHE_ENV = "TRANSFERLAB_DATA_CACHE_MIB";
    static final long DEFAULT_CACHE_MIB = 512;
    /** A CSV file has no test split: this fraction of its lines, chosen by a fixed permutation, is held out. */
    static final double CSV_TEST_FRACTION = 0.25;
    private static final long CSV_SPLIT_SEED = 0x5EEDL;

    private final Supplier<DataRoots> roots;
    private final ByteBoundedCache<Object, Object> cache;

    /** Preprocessed examples of one split restricted to a class pair: row-major rows of dimension {@code dim}. */
    public record Split(String source, int dim, int[] labels, double[] x) {
        public int size() {
            return labels.length;
        }

        long bytes() {
            return 8L * x.length + 4L * labels.length;
        }
    }

    private record SplitKey(String version, Preprocessing.Kind kind, boolean train, Set<Integer> classes) {
    }

    private record StandardisationKey(String version) {
    }

    private record WhiteningKey(SplitKey source, SplitKey target) {
    }

    /** With the configured roots (read at each load) and cache budget. */
    public DatasetLibrary() {
        this(DataRoots::configured, configuredCacheBytes());
    }

    public DatasetLibrary(DataRoots roots, long cacheBytes) {
        this(() -> roots, cacheBytes);
    }

    private DatasetLibrary(Supplier<DataRoots> roots, long cacheBytes) {
        this.roots = roots;
        this.cache = new ByteBoundedCache<>(cacheBytes);
    }

    private static long configuredCacheBytes() {
        String mib = System.getProperty(CACHE_PROPERTY, System.getenv(CACHE_ENV));
        try {
            return (mib == null || mib.isBlank() ? DEFAULT_CACHE_MIB : Long.parseLong(mib.strip())) << 20;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CACHE_ENV + " must be a number of MiB, got '" + mib + "'");
        }
    }

    /**
     * The training ({@code train}) or test split of the task's dataset, its two classes only, preprocessed.
     *
     * @param field the task's spec field for messages, e.g. {@code source.task}
     */
    public Split split(TaskSpec task, boolean train, String field) {
        DatasetFiles files = DatasetFiles.locate(task, roots.get(), field);
        SplitKey key = splitKey(files, train, task);
        long started = System.nanoTime();
        Split split = (Split) cache.get(key);
        String what = files.shown() + " " + (train ? "training" : "test") + " split, classes " + task.classes();
        if (split != null) {
            LOG.debug("{}: from the dataset cache in {} ms", what, String.format("%.2f", (System.nanoTime() - started) / 1e6));
            return split;
        }
        split = load(files, train, key.classes());
        cache.put(key, split, split.bytes());
        LOG.info("{}: {} examples read and preprocessed in {} s (dataset cache: {})", what, split.size(),
                String.format("%.2f", (System.nanoTime() - started) / 1e9), cache.stats());
        return split;
    }

    /**
     * The whitening map of a source/target pair of dataset tasks, fitted on the training images of the
     * union of their classes (not on the sampled sets: it is the same for every seed, sample size and
     * split) and kept like a split.
     */
    Whitening whitening(TaskSpec source, TaskSpec target) {
        WhiteningKey key = new WhiteningKey(splitKey(DatasetFiles.locate(source, roots.get(), "source.task"), true, source),
                splitKey(DatasetFiles.locate(target, roots.get(), "target.task"), true, target));
        Whitening w = (Whitening) cache.get(key);
        if (w == null) {
            long started = System.nanoTime();
            // a class both pairs share (Fashion-MNIST {0,1} -> {0,9}) enters the pool once
            boolean oneFile = key.source().version().equals(key.target().version());
            Set<Integer> shared = oneFile ? key.source().classes() : Set.of();
            w = Whitening.fit(List.of(new Whitening.PoolPart(split(source, true, "source.task"), label -> true),
                    new Whitening.PoolPart(split(target, true, "target.task"), label -> !shared.contains(label))));
            cache.put(key, w, w.bytes());
            LOG.info("whitening of classes {} and {} fitted in {} s", source.classes(), target.classes(),
                    String.format("%.2f", (System.nanoTime() - started) / 1e9));
        }
        return w;
    }

    private static SplitKey splitKey(DatasetFiles files, boolean train, TaskSpec task) {
        return new SplitKey(files.version(), files.preprocessing(), train, Set.copyOf(task.classes()));
    }

    /** How often a split came from the cache: "hits/lookups ...". */
    public String stats() {
        return cache.stats();
    }

    long cacheHits() {
        return cache.hits();
    }

    private Split load(DatasetFiles files, boolean train, Set<Integer> classes) {
        return switch (files.preprocessing()) {
            case CIFAR -> {
                Examples raw = Cifar10Binary.read(files, train, classes);
                yield new Split(raw.source(), Preprocessing.SIDE * Preprocessing.SIDE, raw.labels(), Preprocessing.cifar(raw));
            }
            case MNIST -> {
                Examples raw = MnistIdx.read(files, train, classes);
                yield new Split(raw.source(), raw.dim(), raw.labels(), Preprocessing.mnist(raw));
            }
            case PER_PIXEL -> {
                Examples raw = MnistIdx.read(files, train, classes);
                yield new Split(raw.source(), raw.dim(), raw.labels(), standardisation(files).apply(raw));
            }
            case NONE -> {
                if (!files.isFile()) {
                    throw new DataFileException(files.shown() + ": a CSV dataset is one file, not a folder");
                }
                yield csvSplit(CsvTable.read(files.asFile(), classes), train);
            }
        };
    }

    private PixelStandardisation standardisation(DatasetFiles files) {
        StandardisationKey key = new StandardisationKey(files.version());
        PixelStandardisation s = (PixelStandardisation) cache.get(key);
        if (s == null) {
            s = PixelStandardisation.fit(files);
            cache.put(key, s, s.bytes());
        }
        return s;
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
