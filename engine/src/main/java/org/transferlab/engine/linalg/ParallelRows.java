package org.transferlab.engine.linalg;

import java.util.stream.IntStream;

/**
 * Splits an elementwise pass over the rows of a matrix into contiguous blocks run on the common
 * fork-join pool. Each row is written by exactly one task and no reduction crosses blocks, so the
 * result is bit-identical whatever the number of threads. Small passes run inline: forking costs
 * tens of microseconds, more than a pass over a few thousand elements.
 */
public final class ParallelRows {
    /** Below this many elements a pass runs on the calling thread. */
    static final long MIN_PARALLEL_ELEMENTS = 1L << 15;

    @FunctionalInterface
    public interface RowBlock {
        void run(int fromRow, int toRow);
    }

    private ParallelRows() {
    }

    public static void forEachBlock(int rows, int cols, RowBlock body) {
        int threads = Runtime.getRuntime().availableProcessors();
        if ((long) rows * cols < MIN_PARALLEL_ELEMENTS || threads < 2 || rows < 2) {
            body.run(0, rows);
            return;
        }
        int blocks = Math.min(rows, 2 * threads);
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int from = (int) ((long) rows * b / blocks);
            int to = (int) ((long) rows * (b + 1) / blocks);
            body.run(from, to);
        });
    }
}
