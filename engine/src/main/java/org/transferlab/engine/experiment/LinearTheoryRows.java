package org.transferlab.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.engine.theory.linear.ProportionalTransferTheory;
import org.transferlab.engine.theory.linear.ProportionalTransferTheory.Prediction;
import org.transferlab.engine.theory.linear.SpikePlane;
import org.transferlab.engine.theory.linear.SpikeRule;
import org.transferlab.engine.theory.linear.SpikeSource;
import org.transferlab.engine.theory.linear.TargetAlignment;
import org.transferlab.engine.theory.linear.TargetRegime;
import org.transferlab.engine.theory.linear.WeightDecayTheory;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.TheorySpec;

/**
 * The closed-form {@code theory} rows of the scratch and finetune protocols for linear networks: the
 * proportional limit D, P1, P2 -> infinity at the point's nu1 and nu2 (THEORY 2.6.3, 2.6.4, 2.6.6).
 * They are exact limits, not averages, so they carry one "seed" and no standard error, and they are the
 * gradient flow's t -> infinity fixed points, so they report {@code converged: 1} and the training error
 * the same limit gives.
 */
final class LinearTheoryRows {
    private LinearTheoryRows() {
    }

    static List<ResultRow> rows(PointParameters p) {
        Prediction prediction;
        TargetRegime regime;
        try {
            regime = new TargetRegime(p.nu2(), p.targetNoise(), p.target().ridge());
            prediction = ProportionalTransferTheory.predict(p.nu1(), p.sourceNoise(), p.source().gamma(), spikeSource(p),
                    new TargetAlignment(p.alignment(), p.noiseAlignment()), regime);
        } catch (IllegalArgumentException e) {
            throw PointParameters.invalid("theory", e.getMessage());
        }
        double scratch = prediction.fineTuning().scratchError();
        double finetune = prediction.fineTuning().transferError();
        double finetuneTrain;
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        diagnostics.put("chi1", prediction.chi());
        diagnostics.put("alphaEff", prediction.alphaEff());
        diagnostics.put("cosTheta", prediction.sourceFit().cosTheta());
        if (p.source().weightDecay() > 0) {
            // Weight decay leaves a rank-one kernel along u: E_FT = 1 - alpha_eff^2 (THEORY 2.6.6).
            finetune = WeightDecayTheory.fineTuningError(prediction.alphaEff());
            diagnostics.remove("chi1");
            // One coefficient fitted from P2 -> infinity points: the training residual is the test error plus the noise.
            finetuneTrain = finetune + p.targetNoise() * p.targetNoise();
        } else {
            finetuneTrain = regime.trainError(finetune);
        }
        diagnostics.put("transferGain", scratch - finetune);
        diagnostics.put("negativeTransfer", finetune > scratch ? 1.0 : 0.0);
        List<ResultRow> rows = new ArrayList<>();
        Map<String, Object> point = p.rowPoint();
        if (p.protocols().contains("scratch")) {
            rows.add(closedForm(point, "scratch", scratch, regime.trainError(scratch), Map.of()));
        }
        if (p.protocols().contains("finetune")) {
            rows.add(closedForm(point, "finetune", finetune, finetuneTrain, diagnostics));
        }
        return rows;
    }

    private static SpikeSource spikeSource(PointParameters p) {
        TheorySpec theory = p.spec().theory();
        if (theory.spike() != null) {
            TheorySpec.SpikeSpec c = theory.spike();
            return new SpikeSource.Explicit(new SpikePlane(c.c1(), c.c2(), c.c3()));
        }
        return switch (theory.chi()) {
            case "caption" -> new SpikeSource.Caption();
            case "bayes" -> new SpikeSource.Derived(SpikeRule.BAYESIAN, p.normalisation(), p.inputDim());
            default -> new SpikeSource.Derived(SpikeRule.GRADIENT_FLOW, p.normalisation(), p.inputDim());
        };
    }

    private static ResultRow closedForm(Map<String, Object> point, String protocol, double loss, double trainLoss,
                                        Map<String, Double> diagnostics) {
        Map<String, Double> finite = new LinkedHashMap<>();
        // A closed form is the gradient flow's t -> infinity fixed point: converged by construction.
        finite.put("converged", 1.0);
        diagnostics.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                finite.put(k, v);
            }
        });
        if (!Double.isFinite(loss)) {
            // The ridgeless interpolation peak nu2 = 1 with label noise: the error diverges.
            finite.put("divergent", 1.0);
        }
        return new ResultRow(point, protocol, "theory", Double.isFinite(loss) ? loss : null, null,
                Double.isFinite(trainLoss) ? trainLoss : null, 1, finite, null, null, null, null, null, null);
    }
}
