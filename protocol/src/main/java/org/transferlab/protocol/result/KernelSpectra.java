package org.transferlab.protocol.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The top of the spectra of a row's adaptive feature kernels Phi(X2, X2) on the target-train inputs:
 * the {@value #TOP} largest eigenvalues (fewer when P2 is smaller), largest first, each divided by the
 * kernel's trace (so they are the shares of the kernel's power; mean over seeds).
 *
 * @param source after the source phase, Phi_1 (absent for scratch, which has no source)
 * @param target after this protocol's target phase (for finetune the frozen Phi_1 itself)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KernelSpectra(List<Double> source, List<Double> target) {
    /** How many eigenvalues a spectrum keeps. */
    public static final int TOP = 20;
}
