package org.transferlab.bench;

import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
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
import org.transferlab.engine.bench.KernelRidgeWorkload;
import org.transferlab.engine.linalg.Lapack;

/**
 * (c) Kernel ridge regression at P = 2000 ({@link KernelRidgeWorkload}: Cholesky solve + prediction on
 * 2000 test points), and the Cholesky solve alone through native LAPACK (blocked over the cores) and
 * the factorisation alone through EJML.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelRidgeBenchmark {
    private KernelRidgeWorkload workload;
    private double[] gram;
    private double[] rhs;

    @Setup
    public void setUp() {
        workload = KernelRidgeWorkload.standard();
        gram = workload.trainGram().data().clone();
        for (int i = 0; i < KernelRidgeWorkload.P; i++) {
            gram[i * KernelRidgeWorkload.P + i] += KernelRidgeWorkload.RIDGE;
        }
        rhs = new double[KernelRidgeWorkload.P];
        java.util.Arrays.fill(rhs, 1.0);
    }

    @Benchmark
    public double[] fitAndPredict() {
        return workload.run();
    }

    @Benchmark
    public double[] choleskyLapack() {
        if (!Lapack.isNative()) {
            throw new IllegalStateException("no native LAPACK: run with -Ddev.ludovic.netlib.lapack.nativeLibPath="
                    + "/usr/lib/x86_64-linux-gnu/liblapack.so.3");
        }
        double[] x = rhs.clone();
        Lapack.choleskySolve(workload.trainGram(), KernelRidgeWorkload.RIDGE, x);
        return x;
    }

    @Benchmark
    public boolean choleskyEjml() {
        int p = KernelRidgeWorkload.P;
        return DecompositionFactory_DDRM.chol(p, true).decompose(DMatrixRMaj.wrap(p, p, gram.clone()));
    }
}
