package org.transferlab.engine.theory.dmft;

import java.util.Arrays;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.FusedPasses;
import org.transferlab.engine.linalg.Lanczos;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.StepSchedule;
import org.transferlab.protocol.FailureCode;

/**
 * The learning-rate bounds of the particle phases (THEORY 4.A "Stability"): each phase's step
 * schedule starts from its rate checked against what the Euler scheme can follow, so that a user's
 * rate past a bound fails before any step instead of diverging mid-run.
 */
final class StabilityBounds {
    private static final double LANCZOS_TOLERANCE = 1e-6;
    private static final int LANCZOS_PRODUCTS = 60;
    /** An engine-chosen rate is halved until it is at most this share of each stability bound. */
    private static final double STABLE_SHARE = 0.8;

    private final ParticleSpec spec;
    private final Activation act;
    private final int groups;
    private final int mg;

    StabilityBounds(ParticleSpec spec) {
        this.spec = spec;
        this.act = spec.activation();
        this.groups = spec.groups();
        this.mg = spec.groupSize();
    }

    /**
     * The phase's step schedule, after checking its rate against what the Euler scheme can follow
     * (THEORY 4.A "Stability"). Three bounds: the feature step eta gamma lambda_max(K_II) < 1 of 4.A; the
     * function-space step eta (lambda_max(NTK_II) + 2 lambda) < 2, where lambda_max(NTK) <=
     * lambda_max(Phi) + max_mu G_mumu lambda_max(K) (Weyl, and Schur's bound for G o K) on the phase's
     * initial particles; and eta (lambda + delta) < 1 for the relaxation of h towards its anchor. A
     * user's rate past a bound is refused; the engine's own is halved until it is within
     * {@link #STABLE_SHARE} of every bound.
     */
    StepSchedule gradientFlow(String name, ParticleFields fields, ParticleFields.Active active, int from, int to,
                              double[][] w, PhaseSettings phase, double delta) {
        StepSchedule schedule = new StepSchedule(phase.learningRate(), phase.steps());
        if (!spec.enforceStability()) {
            return schedule;
        }
        int p = to - from;
        double eta = phase.learningRate();
        double lambdaK = Lanczos.largestEigenvalue(active::kernelTimes, p, LANCZOS_TOLERANCE, LANCZOS_PRODUCTS);
        Matrix[] phi = new Matrix[groups];
        double[] gDiag = new double[p];
        for (int g = 0; g < groups; g++) {
            phi[g] = Matrix.zeros(p, mg);
            fields.block(g, from, to, phi[g]);
            FusedPasses.activate(act, phi[g], phi[g]);
            for (int mu = 0; mu < p; mu++) {
                for (int i = 0; i < mg; i++) {
                    double gi = w[g][i] * act.derivativeFromOutput(phi[g].get(mu, i));
                    gDiag[mu] += gi * gi / (mg * groups);
                }
            }
        }
        double[] tmp = new double[mg];
        double[] part = new double[p];
        double lambdaPhi = Lanczos.largestEigenvalue((x, y) -> {
            Arrays.fill(y, 0.0);
            for (Matrix pg : phi) {
                Blas.gemv(true, 1.0, pg, x, 0.0, tmp);
                Blas.gemv(false, 1.0 / (mg * groups), pg, tmp, 0.0, part);
                for (int mu = 0; mu < p; mu++) {
                    y[mu] += part[mu];
                }
            }
        }, p, LANCZOS_TOLERANCE, LANCZOS_PRODUCTS);
        double gMax = Arrays.stream(gDiag).max().orElse(0.0);
        double curvature = lambdaPhi + gMax * lambdaK + 2 * phase.weightDecay();
        // h relaxes towards its anchor at rate lambda + delta; past eta (lambda + delta) = 1 the Euler
        // step overshoots and the fields oscillate (stable up to 2, but measurably wrong already at 1.5)
        double decay = phase.weightDecay() + delta;
        double[] limits = {1.0 / (phase.gamma() * lambdaK), 2.0 / curvature, 1.0 / decay};
        String[] bounds = {
            String.format("eta * gamma * lambda_max(K_II) < 1 (gamma = %g, lambda_max = %.4g)", phase.gamma(), lambdaK),
            "eta * (lambda_max(NTK_II) + 2 lambda) < 2",
            "eta * (lambda + delta) < 1"};
        for (int b = 0; b < limits.length; b++) {
            if (eta >= limits[b] && !phase.adaptiveRate()) {
                throw new EngineException(FailureCode.INVALID_SPEC, String.format(
                        "%s: learningRate = %g is past the stability bound %s, so learningRate must be below %.4g",
                        name, eta, bounds[b], limits[b]));
            }
            while (schedule.rate() > STABLE_SHARE * limits[b]) {
                schedule.halve(name);
            }
        }
        return schedule;
    }

    /**
     * The fine-tuning readout's schedule: its loss is quadratic with curvature lambda_max(Phi_1) +
     * ridge over the groups' kernels {@code kII} on the P2 target points, so eta times that must stay
     * below 2.
     */
    StepSchedule readout(Matrix[] kII, int p2, PhaseSettings phase) {
        double lambda = phase.weightDecay();
        double eta = phase.learningRate();
        double lambdaMax = 0;
        for (int g = 0; g < groups; g++) {
            Matrix k = kII[g];
            lambdaMax = Math.max(lambdaMax, Lanczos.largestEigenvalue((x, y) -> Blas.gemv(false, 1.0, k, x, 0.0, y),
                    p2, LANCZOS_TOLERANCE, LANCZOS_PRODUCTS));
        }
        double curvature = lambdaMax + lambda;
        StepSchedule schedule = new StepSchedule(eta, phase.steps());
        if (spec.enforceStability() && eta * curvature >= 2.0 && !phase.adaptiveRate()) {
            throw new EngineException(FailureCode.INVALID_SPEC, String.format(
                    "learningRate = %g is past the fine-tuning stability bound: eta (lambda_max(Phi_1) + ridge)"
                            + " = %.4g >= 2, so learningRate must be below %.4g", eta, eta * curvature, 2.0 / curvature));
        }
        // the readout's loss is quadratic with this curvature: a rate within the bound stays stable
        while (schedule.rate() * curvature > 2.0 * STABLE_SHARE) {
            schedule.halve("fine-tuning readout");
        }
        return schedule;
    }
}
