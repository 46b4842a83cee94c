package org.transferlab.engine.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelRowsTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void everyRowOfATriangleIsVisitedOnceInBlocksOfAboutEqualArea() {
        int rows = 1000;
        AtomicIntegerArray visits = new AtomicIntegerArray(rows);
        long[] area = new long[ParallelRows.maxBlocks() + 1];
        int[] blocks = {0};
        ParallelRows.forEachTriangleBlock(rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                visits.incrementAndGet(r);
            }
            synchronized (area) {
                area[blocks[0]++] = (long) to * (to + 1) / 2 - (long) from * (from + 1) / 2;
            }
        });
        for (int r = 0; r < rows; r++) {
            assertThat(visits.get(r)).as("row %d", r).isEqualTo(1);
        }
        if (CORES > 1) {
            long total = (long) rows * (rows + 1) / 2;
            for (int b = 0; b < blocks[0]; b++) {
                assertThat((double) area[b]).isCloseTo((double) total / blocks[0], org.assertj.core.data.Percentage.withPercentage(2));
            }
        }
    }

    @Test
    void tasksRunOnceEachAndWhenInParallelTheirPassesRunUnsplit() {
        int tasks = 4;
        AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
        AtomicIntegerArray innerBlocks = new AtomicIntegerArray(tasks);
        ParallelRows.forEachTask(tasks, 1 << 20, t -> {
            runs.incrementAndGet(t);
            innerBlocks.set(t, ParallelRows.blockCount(1000, 1000));
        });
        boolean parallel = CORES > 1 && tasks % CORES == 0;
        for (int t = 0; t < tasks; t++) {
            assertThat(runs.get(t)).isEqualTo(1);
            // in parallel each task has a core: its passes run unsplit; in turn, each splits its own
            assertThat(innerBlocks.get(t)).isEqualTo(parallel ? 1 : ParallelRows.blockCount(1000, 1000));
        }
        assertThat(ParallelRows.blockCount(1000, 1000)).as("the caller splits again afterwards")
                .isEqualTo(CORES > 1 ? Math.min(1000, ParallelRows.maxBlocks()) : 1);
    }

    @Test
    void aSetThreadCountDecidesTheBlocksAndEveryRowIsStillVisitedOnce() {
        try {
            ParallelRows.useThreads(1);
            assertThat(ParallelRows.blockCount(1000, 1000)).as("one thread: nothing is split").isEqualTo(1);
            ParallelRows.useThreads(3); // not the core count of any usual test machine: a pool of its own
            assertThat(ParallelRows.blockCount(1000, 1000)).isEqualTo(6);
            int rows = 1000;
            AtomicIntegerArray visits = new AtomicIntegerArray(rows);
            java.util.Set<Integer> blocks = java.util.concurrent.ConcurrentHashMap.newKeySet();
            ParallelRows.forEachIndexedBlock(rows, 1000, (block, from, to) -> {
                blocks.add(block);
                for (int r = from; r < to; r++) {
                    visits.incrementAndGet(r);
                }
            });
            assertThat(blocks).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
            for (int r = 0; r < rows; r++) {
                assertThat(visits.get(r)).as("row %d", r).isEqualTo(1);
            }
        } finally {
            ParallelRows.useThreads(CORES);
        }
    }

    @Test
    void aThreadCountOutsideItsRangeIsRefusedNamingTheRange() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParallelRows.useThreads(0))
                .hasMessageContaining("between 1 and " + ParallelRows.MAX_THREADS);
        assertThat(ParallelRows.threads()).isEqualTo(CORES);
    }
}
