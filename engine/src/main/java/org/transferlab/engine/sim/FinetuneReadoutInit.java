package org.transferlab.engine.sim;

/**
 * Where the fine-tuned readout starts (THEORY 1.5, 5 keep this open). ZERO and RANDOM give f = 0 at
 * the start (RANDOM through centring); SOURCE keeps the source readout, so fine-tuning starts from
 * the source function ("FT-keep").
 */
public enum FinetuneReadoutInit {
    ZERO,
    RANDOM,
    SOURCE
}
