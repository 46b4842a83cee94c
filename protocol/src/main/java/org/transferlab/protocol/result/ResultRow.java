package org.transferlab.protocol.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One tidy row: one (sweep point, protocol, method). Everything a plot or a table needs, and nothing
 * that another row already says.
 *
 * @param point             the swept values at this point plus derived ratios (nu1, nu2), by name
 * @param protocol          scratch | finetune | joint
 * @param method            theory | kernel | simulation
 * @param testLoss          test mean squared error against clean labels (mean over seeds)
 * @param testLossStdErr    standard error of testLoss over seeds (absent for a deterministic value)
 * @param trainLoss         final training mean squared error, where the method has one
 * @param seeds             how many independent draws the mean is over (1 for closed forms)
 * @param diagnostics       solver residuals, spike chi, effective alignment, transfer gain, steps used ...
 * @param steps             time axis of the curves: gradient-flow time t = sum of the step sizes (THEORY 1.4),
 *                          shared by every protocol and method of a job (the name is kept from when it counted steps)
 * @param testLossCurve     test loss at each of {@code steps}
 * @param testLossCurveStdErr standard error over seeds at each of {@code steps}
 * @param preactivations    where the method has a network (finite or particle): the density of the
 *                          target model's preactivations on the test inputs at the end of training
 * @param alignmentCurve    kernel-target alignment A(t) = y^T Phi y / (|Phi|_F |y|^2) of the feature kernel
 *                          on the phase's training inputs with its labels, at each of {@code steps} (mean
 *                          over seeds; THEORY 1.6)
 * @param spectra           top eigenvalues over the trace of the source and target adaptive kernels on
 *                          the target-train inputs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultRow(Map<String, Object> point, String protocol, String method, Double testLoss,
                        Double testLossStdErr, Double trainLoss, Integer seeds, Map<String, Double> diagnostics,
                        List<Double> steps, List<Double> testLossCurve, List<Double> testLossCurveStdErr,
                        Density preactivations, List<Double> alignmentCurve, KernelSpectra spectra) {
}
