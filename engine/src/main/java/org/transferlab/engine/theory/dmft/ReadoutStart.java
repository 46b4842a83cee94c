package org.transferlab.engine.theory.dmft;

/**
 * Where the fine-tuned readout starts (THEORY 1.5, 5): at zero (a random start is the same at
 * infinite width once the output is centred), or at the source readout ("FT-keep").
 */
public enum ReadoutStart {
    ZERO,
    SOURCE
}
