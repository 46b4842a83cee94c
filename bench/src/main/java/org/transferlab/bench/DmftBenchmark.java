package org.transferlab.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.transferlab.engine.bench.DmftStepWorkload;

/**
 * (b) Particle-DMFT source phases at M = 4096, P = 1000, Q = 2000 ({@link DmftStepWorkload}) of 0 and
 * 8 steps: one step is (time(8) - time(0)) / 8.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DmftBenchmark {
    @Param({"0", "8"})
    public int steps;

    private DmftStepWorkload workload;

    @Setup
    public void setUp() {
        workload = DmftStepWorkload.standard();
    }

    @Benchmark
    public double phase() {
        return workload.run(steps);
    }
}
