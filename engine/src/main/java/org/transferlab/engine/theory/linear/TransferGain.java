package org.transferlab.engine.theory.linear;

/**
 * A transfer protocol's test error next to the scratch baseline (THEORY 1.6): gain = scratch - transfer,
 * negative transfer when the gain is < 0.
 */
public record TransferGain(double scratchError, double transferError) {
    public double gain() {
        return scratchError - transferError;
    }

    public boolean negativeTransfer() {
        return gain() < 0;
    }
}
