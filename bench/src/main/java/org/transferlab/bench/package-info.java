/**
 * JMH benchmarks of the kernels behind {@code ./transferlab bench} (a)-(c): the GD step and its
 * products and fused passes, particle-DMFT phases, and kernel ridge regression with its Cholesky.
 * Run: {@code OPENBLAS_NUM_THREADS=1 java -Ddev.ludovic.netlib.blas.nativeLibPath=.../libblas.so.3
 * -Ddev.ludovic.netlib.lapack.nativeLibPath=.../liblapack.so.3 -jar bench/target/benchmarks.jar}
 * with the paths {@code ldconfig -p} lists (forks inherit these flags and the environment); see
 * docs/performance.md.
 */
package org.transferlab.bench;
