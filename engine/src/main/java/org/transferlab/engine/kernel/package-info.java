/**
 * Kernel methods on Gram matrices (THEORY 4.B): Cholesky kernel ridge regression, the linear and
 * spiked linear input kernels, and the ReLU arc-cosine lazy kernels Phi0, G0, K_NTK0 (THEORY 2.1).
 */
package org.transferlab.engine.kernel;
