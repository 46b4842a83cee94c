package org.transferlab.engine.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Splits a pass over the rows of a matrix into contiguous blocks run on the common fork-join pool,
 * and runs independent tasks one per compute thread ({@link #forEachTask}). Each row is written by
 * exactly one block; reductions across blocks ({@link ReadoutPass}) sum per-block partials in block
 * order. The blocks depend only on the sizes and the compute-thread count (the cores, unless {@link
 * #useThreads} says otherwise), never on timing, so a result is reproducible on a machine. Small
 * passes run inline: forking costs tens of microseconds, more than a pass over a few thousand
 * elements. Only one pass is split at a time in a JVM (see {@link #SPLITTING}).
 */
public final class ParallelRows {
    /** Below this many elements a pass runs on the calling thread. */
    static final long MIN_PARALLEL_ELEMENTS = 1L << 15;
    /**
     * Read once: in a container {@code availableProcessors()} reads the cgroup files on every call, and
     * per product that cost (and its lock) kept two concurrent jobs from running any faster than one.
     */
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Most compute threads {@link #useThreads} accepts: far more than any host's cores. */
    public static final int MAX_THREADS = 1024;
    /** Threads a split pass runs on: the cores unless {@link #useThreads} set another count. */
    private static volatile int threads = CORES;
    /** Runs the blocks when {@link #threads} is not the core count; null: the common pool (and the caller). */
    private static volatile ForkJoinPool pool;
    /**
     * Passes being split right now. One split at a time: the common pool has one thread fewer than the
     * cores, so when two jobs of one JVM (a worker with concurrency 2, or two workers) split at once,
     * each waits for the other's blocks on that pool and the two run no faster than one. A pass that
     * finds another one splitting runs its blocks on its own thread, which then has the other core.
     */
    private static final AtomicInteger SPLITTING = new AtomicInteger();
    /** Set on a thread while it runs one block of a split: passes it starts run unsplit (see forEachTask). */
    private static final ThreadLocal<Boolean> IN_BLOCK = ThreadLocal.withInitial(() -> false);

    @FunctionalInterface
    public interface RowBlock {
        void run(int fromRow, int toRow);
    }

    /** A block that also knows its index (0 .. {@link #blockCount} - 1), for per-block partial sums. */
    @FunctionalInterface
    public interface IndexedRowBlock {
        void run(int block, int fromRow, int toRow);
    }

    private ParallelRows() {
    }

    /**
     * Splits passes over {@code n} threads in this JVM from now on (1: none is split), instead of one
     * per core: a worker sharing a host with others takes its share of the cores, and a benchmark
     * emulates hosts of {@code n} cores. Call it before any computation: buffers sized by
     * {@link #maxBlocks} stay as they are, and a result's bits depend on the count.
     */
    public static synchronized void useThreads(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("compute threads must be between 1 and " + MAX_THREADS + ", got " + n);
        }
        ForkJoinPool old = pool;
        pool = n == CORES || n == 1 ? null : new ForkJoinPool(n);
        threads = n;
        if (old != null) {
            old.shutdown();
        }
    }

    /** Threads a split pass runs on in this JVM. */
    public static int threads() {
        return threads;
    }

    /** Most blocks any pass is split into: partial-sum buffers of this many rows suffice. */
    public static int maxBlocks() {
        return 2 * threads;
    }

    /**
     * How many blocks a pass over rows x cols is split into: 1 when it runs inline, which a pass
     * started from within a block of another split always does.
     */
    public static int blockCount(int rows, int cols) {
        if ((long) rows * cols < MIN_PARALLEL_ELEMENTS || threads < 2 || rows < 2 || IN_BLOCK.get()) {
            return 1;
        }
        return Math.min(rows, maxBlocks());
    }

    public static void forEachBlock(int rows, int cols, RowBlock body) {
        forEachIndexedBlock(rows, cols, (block, from, to) -> body.run(from, to));
    }

    /**
     * As {@link #forEachBlock}, passing each block its index. The blocks depend only on rows, cols and
     * the core count, so a reduction over per-block partials, summed in block order, is reproducible.
     */
    public static void forEachIndexedBlock(int rows, int cols, IndexedRowBlock body) {
        split(rows, blockCount(rows, cols), ParallelRows::rowStart, body);
    }

    /**
     * As {@link #forEachBlock} for the rows of a lower triangle (row r holds r + 1 elements): block
     * boundaries at rows sqrt(b / blocks), so that every block holds the same number of elements.
     */
    public static void forEachTriangleBlock(int rows, RowBlock body) {
        split(rows, blockCount(rows, rows / 2), ParallelRows::triangleRowStart, (block, from, to) -> body.run(from, to));
    }

    /**
     * Runs {@code tasks} independent tasks of about {@code elementsPerTask} elements each. When they
     * divide evenly over the cores, they run in parallel, each on one thread with every pass and
     * product inside it unsplit: independent work of a few megabytes each stays in one core's cache and
     * pays no fork per pass (the particle-DMFT step, 4 groups of particles on 2 cores: see
     * docs/performance.md). Otherwise they run in turn on the calling thread, each splitting its own passes.
     * Either way the bits of a task's result depend only on the sizes and the compute-thread count.
     */
    public static void forEachTask(int tasks, long elementsPerTask, IntConsumer task) {
        int n = threads;
        if (n > 1 && tasks % n == 0 && tasks * elementsPerTask >= MIN_PARALLEL_ELEMENTS && !IN_BLOCK.get()) {
            split(tasks, Math.min(tasks, maxBlocks()), ParallelRows::rowStart, (block, from, to) -> {
                for (int t = from; t < to; t++) {
                    task.accept(t);
                }
            });
            return;
        }
        for (int t = 0; t < tasks; t++) {
            task.accept(t);
        }
    }

    @FunctionalInterface
    private interface Boundaries {
        int start(int rows, int block, int blocks);
    }

    private static void split(int rows, int blocks, Boundaries boundaries, IndexedRowBlock body) {
        if (blocks == 1) {
            body.run(0, 0, rows);
            return;
        }
        if (SPLITTING.getAndIncrement() > 0) {
            SPLITTING.decrementAndGet();
            // the same blocks, in turn: a product's bits must not depend on what else the JVM is doing
            for (int b = 0; b < blocks; b++) {
                runBlock(body, b, boundaries.start(rows, b, blocks), boundaries.start(rows, b + 1, blocks));
            }
            return;
        }
        try {
            ForkJoinPool own = pool;
            if (own == null) {
                IntStream.range(0, blocks).parallel().forEach(b ->
                        runBlock(body, b, boundaries.start(rows, b, blocks), boundaries.start(rows, b + 1, blocks)));
            } else {
                onPool(own, rows, blocks, boundaries, body);
            }
        } finally {
            SPLITTING.decrementAndGet();
        }
    }

    /** The blocks as tasks of a pool of {@link #threads} threads; the caller waits (it is not one of them). */
    private static void onPool(ForkJoinPool own, int rows, int blocks, Boundaries boundaries, IndexedRowBlock body) {
        List<Callable<Void>> tasks = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) {
            int block = b;
            tasks.add(() -> {
                runBlock(body, block, boundaries.start(rows, block, blocks), boundaries.start(rows, block + 1, blocks));
                return null;
            });
        }
        try {
            for (Future<Void> done : own.invokeAll(tasks)) {
                done.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in a split pass", e);
        }
    }

    private static void runBlock(IndexedRowBlock body, int block, int from, int to) {
        IN_BLOCK.set(true);
        try {
            body.run(block, from, to);
        } finally {
            IN_BLOCK.set(false);
        }
    }

    private static int rowStart(int rows, int block, int blocks) {
        return (int) ((long) rows * block / blocks);
    }

    private static int triangleRowStart(int rows, int block, int blocks) {
        return block == blocks ? rows : (int) Math.round(rows * Math.sqrt(block / (double) blocks));
    }
}
