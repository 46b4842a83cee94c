/**
 * Finite-width two-layer networks in the mean-field parametrisation trained by full-batch gradient
 * descent (THEORY 1.3-1.5, 4.E): a source phase, then the target phase from scratch, by fine-tuning
 * a readout on the frozen source features, or jointly rich from the source first layer. Results carry
 * loss curves, the measured source kernel (Phi1 Gram blocks, the linear spike chi) and seed statistics.
 */
package org.transferlab.engine.sim;
