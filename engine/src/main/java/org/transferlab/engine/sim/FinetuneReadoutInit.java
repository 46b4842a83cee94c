package org.transferlab.engine.sim;

/**
 * Where the fine-tuned readout starts (THEORY 5 keeps this open). Both give f = 0 at the start:
 * ZERO trivially, RANDOM through centring.
 */
public enum FinetuneReadoutInit {
    ZERO,
    RANDOM
}
