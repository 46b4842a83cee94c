/**
 * The dense linear algebra the hot loops are written against: a row-major {@link
 * org.transferlab.engine.linalg.Matrix}, products through netlib BLAS ({@link org.transferlab.engine.linalg.Blas},
 * which logs the implementation in use), the fused elementwise passes of a training step, and EJML
 * for decompositions (SVD least squares, eigenvalues). A performance pass changes this package only.
 */
package org.transferlab.engine.linalg;
