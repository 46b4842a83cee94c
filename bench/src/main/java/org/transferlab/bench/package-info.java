/**
 * JMH benchmarks of the kernels behind {@code ./transferlab bench} (a)-(c): the GD step and its
 * products and fused passes, particle-DMFT phases, and kernel ridge regression with its Cholesky.
 * Run: {@code OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector
 * -Ddev.ludovic.netlib.blas.nativeLibPath=/usr/lib/x86_64-linux-gnu/libblas.so.3
 * -Ddev.ludovic.netlib.lapack.nativeLibPath=/usr/lib/x86_64-linux-gnu/liblapack.so.3
 * -jar bench/target/benchmarks.jar} (forks inherit these flags and the environment).
 */
package org.transferlab.bench;
