package org.transferlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.transferlab.engine.bench.GdStepWorkload;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.FusedPasses;
import org.transferlab.engine.linalg.Matrix;

/**
 * (a) The GD step at P = 1000, D = 100, N = 4096 ({@link GdStepWorkload}), and each kernel it is made
 * of: the forward product X W^T, the backward product C^T X, the ReLU pass and the backward-factor pass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GdStepBenchmark {
    private GdStepWorkload step;
    private Matrix x;
    private Matrix w;
    private Matrix h;
    private Matrix a;
    private Matrix grad;
    private double[] readout;
    private double[] delta;

    @Setup
    public void setUp() {
        step = GdStepWorkload.standard();
        SplittableRandom rng = new SplittableRandom(2);
        int p = GdStepWorkload.P;
        int n = GdStepWorkload.N;
        x = Matrix.gaussian(p, GdStepWorkload.D, rng);
        w = Matrix.gaussian(n, GdStepWorkload.D, rng);
        h = Matrix.gaussian(p, n, rng);
        a = Matrix.zeros(p, n);
        grad = Matrix.zeros(n, GdStepWorkload.D);
        readout = rng.doubles(n).toArray();
        delta = rng.doubles(p).toArray();
    }

    @Benchmark
    public double gdStep() {
        return step.step();
    }

    @Benchmark
    public Matrix forwardProduct() {
        Blas.gemm(false, true, 0.1, x, w, 0.0, a);
        return a;
    }

    @Benchmark
    public Matrix backwardProduct() {
        Blas.gemm(true, false, 1e-6, h, x, 1.0, grad);
        return grad;
    }

    @Benchmark
    public Matrix reluPass() {
        FusedPasses.activate(Activation.RELU, h, a);
        return a;
    }

    @Benchmark
    public Matrix backwardFactorPass() {
        FusedPasses.gradientFactors(Activation.RELU, h, readout, delta, a);
        return a;
    }
}
