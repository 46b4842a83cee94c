package org.transferlab.engine.sim;

/** What the target phase starts from (THEORY 1.5). */
public enum TransferProtocol {
    /** Fresh random network, trained on the target with gamma2. */
    SCRATCH,
    /** First layer frozen at W1; a readout trained on the target. */
    FINETUNE,
    /** W = W1, fresh readout w ~ N(0,1), both layers trained on the target with gamma2. */
    JOINT
}
