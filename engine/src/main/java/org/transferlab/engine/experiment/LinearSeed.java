package org.transferlab.engine.experiment;

import java.util.List;
import org.transferlab.engine.data.DatasetLibrary;
import org.transferlab.engine.data.DatasetTransfer;
import org.transferlab.engine.kernel.SpikedInputKernel;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.task.NoiseDirection;
import org.transferlab.engine.task.TransferData;
import org.transferlab.engine.task.TransferDataGenerator;
import org.transferlab.engine.theory.linear.CaptionConvention;
import org.transferlab.engine.theory.linear.LinearDesign;
import org.transferlab.engine.theory.linear.SpikePlane;
import org.transferlab.engine.theory.linear.SpikeRule;
import org.transferlab.engine.theory.linear.WeightDecayFit;
import org.transferlab.protocol.spec.TheorySpec;

/**
 * One seed's draw of a linear transfer problem (synthetic, or from a dataset) and what every finite-D
 * method needs from it: the data, the source and target designs (Sigma_hat, b) and the source-adapted
 * kernel of an infinitely wide network trained on this source set (THEORY 2.6.2, 2.6.6).
 */
record LinearSeed(long seed, TransferData data, LinearDesign sourceDesign, LinearDesign targetDesign) {

    /** Seed s of the point: Gaussian inputs with linear teachers, or two class pairs of a dataset. */
    static LinearSeed draw(PointParameters p, int s, DatasetLibrary library) {
        long seed = p.seedOf(s);
        TransferData data = p.isDataset() ? DatasetTransfer.draw(library, p.source(), p.target(), p.testSamples(), seed)
                : TransferDataGenerator.generate(p.taskSpec(), seed);
        return new LinearSeed(seed, data,
                LinearDesign.of(data.source().x().asEjml(), data.source().y()),
                LinearDesign.of(data.target().x().asEjml(), data.target().y()));
    }

    /**
     * The readout's kernel after the source phase, as the theory spec asks: the derived spike along the
     * drawn source fit (gradient flow or Bayesian rule), the weight-decay kernel when the source decays,
     * or a spike in the plane of this draw's source direction b and noise direction g (caption
     * convention, explicit constants).
     */
    SpikedInputKernel adaptedKernel(PointParameters p) {
        TheorySpec theory = p.spec().theory();
        double gamma1 = p.source().gamma();
        if (p.isDataset() && (theory.spike() != null || "caption".equals(theory.chi()))) {
            // both place the spike in the plane of the source teacher and the noise direction: a dataset has neither
            throw PointParameters.invalid(theory.spike() != null ? "theory.spike" : "theory.chi",
                    "needs a source teacher; on a dataset the spike is derived from the source fit (chi gradientFlow or bayes)");
        }
        if (theory.spike() != null) {
            TheorySpec.SpikeSpec c = theory.spike();
            return inPlane(new SpikePlane(c.c1(), c.c2(), c.c3()));
        }
        if ("caption".equals(theory.chi())) {
            return inPlane(CaptionConvention.spikePlane(p.nu1(), gamma1));
        }
        if (p.source().weightDecay() > 0) {
            WeightDecayFit fit = WeightDecayFit.solve(sourceDesign, gamma1, p.source().weightDecay());
            // Collapsed: the random features have decayed and nothing was learned; the kernel is zero.
            return fit.collapsed() ? new SpikedInputKernel(0, new double[0], List.of())
                    : SpikedInputKernel.rankOne(0, gamma1 * Vectors.norm(fit.betaF()), fit.betaF());
        }
        double[] betaF = sourceDesign.minNormInterpolant();
        SpikeRule rule = "bayes".equals(theory.chi()) ? SpikeRule.BAYESIAN : SpikeRule.GRADIENT_FLOW;
        return SpikedInputKernel.rankOne(1, rule.chi(gamma1, Vectors.dot(betaF, betaF)), betaF);
    }

    /** u.beta_hat_t: how well the learned source direction points at the target teacher (synthetic tasks only). */
    double alphaEff() {
        return Vectors.dot(Vectors.unit(sourceDesign.minNormInterpolant()), Vectors.unit(data.targetTeacher().beta()));
    }

    private SpikedInputKernel inPlane(SpikePlane plane) {
        double[] b = Vectors.unit(data.sourceTeacher().beta());
        NoiseDirection noise = data.noise() != null ? data.noise() : NoiseDirection.of(data.source(), data.sourceTeacher().beta());
        if (!noise.isDefined()) {
            // nu1 >= 1 without source noise: the plane degenerates to b alone, where S = c2 b b^T.
            return SpikedInputKernel.rankOne(1, plane.c2(), b);
        }
        List<SpikePlane.SpikeDirection> dirs = plane.directions();
        double[] spikes = new double[dirs.size()];
        List<double[]> directions = new java.util.ArrayList<>();
        for (int k = 0; k < dirs.size(); k++) {
            SpikePlane.SpikeDirection e = dirs.get(k);
            double[] v = Vectors.scaled(b, e.cos());
            Vectors.addScaled(v, e.sin(), noise.unit());
            spikes[k] = e.eigenvalue();
            directions.add(v);
        }
        return new SpikedInputKernel(1, spikes, directions);
    }
}
