package org.transferlab.engine.theory.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.FailureCode;

/**
 * The exact infinite-width gradient flow of a linear two-layer network on one data set (THEORY 2.6.1):
 * <pre>
 *   v     = b - Sigma_hat m/gamma                   (b = X^T y/sqrt D, Sigma_hat = X^T X/D)
 *   dM/dt = gamma (v m^T + m v^T) - 2 lambda M
 *   dm/dt = gamma (q v + M v)     - 2 lambda m
 *   dq/dt = 2 gamma m.v           - 2 lambda q
 * </pre>
 * integrated by classical RK4 with step doubling (the two half steps are kept, the difference to the
 * full step estimates the local error) at O(D^2) per stage. The step is also capped by the stability
 * scale: linearising, dv/dt = -Sigma_hat (q + M) v - ..., so the stiffest rate is about
 * lambda_max(Sigma_hat)(q + lambda_max(M)) + 2 lambda; gamma enters only through q and M (it cancels
 * between m = gamma beta_f and v), which is why this cap replaces THEORY 4.C's gamma-proportional one.
 */
public final class LinearFlow {
    /** RK4's real-axis stability limit is 2.785; stay inside it so that the controller rarely rejects. */
    private static final double STABILITY_FRACTION = 2.5;
    private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;
    private static final int MAX_NAN_RETRIES = 30;

    private final LinearDesign design;
    private final double gamma;
    private final double weightDecay;
    private final int d;
    private final double[] sigma;
    private final double[] b;

    /**
     * @param design      data (X, y) of this phase
     * @param gamma       richness (> 0; the lazy limit is reached by small gamma)
     * @param weightDecay lambda >= 0
     */
    public LinearFlow(LinearDesign design, double gamma, double weightDecay) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and > 0, got " + gamma);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay lambda must be finite and >= 0, got " + weightDecay);
        }
        this.design = design;
        this.gamma = gamma;
        this.weightDecay = weightDecay;
        this.d = design.inputDim();
        this.sigma = design.sigmaHatData();
        this.b = design.labelProjectionData();
    }

    /**
     * Integrates from {@code initial} until the residual is below the tolerance.
     *
     * @throws EngineException NON_CONVERGED when maxTime or maxSteps is exhausted, NAN_DETECTED on
     *                         non-finite values, CANCELLED when the token is cancelled
     */
    public LinearFlowResult run(LinearFlowState initial, LinearFlowOptions options, TestLossProbe probe,
                                ProgressSink progress, CancellationToken cancellation) {
        if (initial.inputDim() != d) {
            throw new IllegalArgumentException("initial state has D = " + initial.inputDim() + ", data has D = " + d);
        }
        if (probe.teacher() != null && probe.teacher().length != d) {
            throw new IllegalArgumentException("teacher must have length D = " + d + ", got " + probe.teacher().length);
        }
        return new Integration(options, probe, progress, cancellation).run(pack(initial));
    }

    private double[] pack(LinearFlowState state) {
        double[] y = new double[d * d + d + 1];
        System.arraycopy(state.weightMoment().data, 0, y, 0, d * d);
        System.arraycopy(state.readoutOverlap(), 0, y, d * d, d);
        y[d * d + d] = state.readoutNorm();
        return y;
    }

    private LinearFlowState unpack(double[] y) {
        double[] m = new double[d];
        System.arraycopy(y, d * d, m, 0, d);
        double[] moment = new double[d * d];
        System.arraycopy(y, 0, moment, 0, d * d);
        return new LinearFlowState(DMatrixRMaj.wrap(d, d, moment), m, y[d * d + d]);
    }

    /** The mutable work of one integration: buffers, clock and curve. */
    private final class Integration {
        private final LinearFlowOptions options;
        private final TestLossProbe probe;
        private final ProgressSink progress;
        private final CancellationToken cancellation;
        private final int n = d * d + d + 1;
        private final double[] v = new double[d];
        private final double[] mv = new double[d];
        private final double[] k1 = new double[n];
        private final double[] k1Half = new double[n];
        private final double[] k2 = new double[n];
        private final double[] k3 = new double[n];
        private final double[] k4 = new double[n];
        private final double[] stage = new double[n];
        private final double[] full = new double[n];
        private final double[] half = new double[n];
        private final double[] two = new double[n];
        private final double[] powerVector = new double[d];
        private final List<TestLossProbe.Point> curve = new ArrayList<>();
        private final double labelNorm = Vectors.norm(b);
        private double lastVNorm;
        private double topMomentEigenvalue = 1;
        private int nextSample;
        private long lastReport = System.nanoTime();
        private double initialResidual = Double.NaN;
        private double reportedFraction;

        Integration(LinearFlowOptions options, TestLossProbe probe, ProgressSink progress, CancellationToken cancellation) {
            this.options = options;
            this.probe = probe;
            this.progress = progress;
            this.cancellation = cancellation;
            Arrays.fill(powerVector, 1 / Math.sqrt(d));
        }

        LinearFlowResult run(double[] y) {
            double t = 0;
            long steps = 0;
            derivative(y, k1);
            double residual = residual(k1, y);
            initialResidual = residual;
            recordSamples(y, t, false);
            double h = Double.NaN;
            int nanRetries = 0;
            progress.report(options.phase(), options.progressFrom());
            while (!(residual < options.tolerance())) {
                cancellation.throwIfCancelled();
                report(residual);
                if (t >= options.maxTime() || steps >= options.maxSteps()) {
                    throw new EngineException(FailureCode.NON_CONVERGED, String.format(
                            "linear ODE did not converge: residual %.3e > %.1e after time %.4g and %d steps",
                            residual, options.tolerance(), t, steps));
                }
                double cap = stabilityCap(y);
                if (Double.isNaN(h)) {
                    h = 0.01 * cap;
                }
                h = Math.min(h, cap);
                h = Math.min(h, options.maxTime() - t);
                boolean landing = false;
                if (nextSample < probe.sampleTimes().length && t + h >= probe.sampleTimes()[nextSample]) {
                    h = probe.sampleTimes()[nextSample] - t;
                    landing = true;
                }
                rk4(y, k1, h, full);
                rk4(y, k1, 0.5 * h, half);
                derivative(half, k1Half);
                rk4(half, k1Half, 0.5 * h, two);
                double error = errorNorm(y, full, two);
                if (!Double.isFinite(error)) {
                    if (++nanRetries > MAX_NAN_RETRIES) {
                        throw new EngineException(FailureCode.NAN_DETECTED, String.format(
                                "linear ODE produced non-finite values at time %.4g even with step %.3e", t, h));
                    }
                    h *= 0.1;
                    continue;
                }
                nanRetries = 0;
                double factor = 0.9 * Math.pow(Math.max(error, 1e-300), -0.2);
                if (error > 1) {
                    h *= Math.max(0.1, factor);
                    continue;
                }
                System.arraycopy(two, 0, y, 0, n);
                t = landing ? probe.sampleTimes()[nextSample] : t + h;
                steps++;
                checkFinite(y, t);
                derivative(y, k1);
                residual = residual(k1, y);
                recordSamples(y, t, false);
                h *= Math.min(4, factor);
            }
            recordSamples(y, t, true);
            progress.report(options.phase(), options.progressTo());
            LinearFlowState state = unpack(y);
            return new LinearFlowResult(state, state.betaF(gamma), t, steps, residual, curve);
        }

        /** dy/dt into out; leaves v = b - Sigma_hat m/gamma in the field v. */
        private void derivative(double[] y, double[] out) {
            int mOffset = d * d;
            double q = y[mOffset + d];
            double invGamma = 1 / gamma;
            for (int i = 0; i < d; i++) {
                double s = 0;
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    s += sigma[row + j] * y[mOffset + j];
                }
                v[i] = b[i] - s * invGamma;
            }
            double mDotV = 0;
            for (int i = 0; i < d; i++) {
                double s = 0;
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    s += y[row + j] * v[j];
                }
                mv[i] = s;
                mDotV += y[mOffset + i] * v[i];
            }
            double decay = 2 * weightDecay;
            for (int i = 0; i < d; i++) {
                int row = i * d;
                double gv = gamma * v[i];
                double gm = gamma * y[mOffset + i];
                for (int j = 0; j < d; j++) {
                    out[row + j] = gv * y[mOffset + j] + gm * v[j] - decay * y[row + j];
                }
                out[mOffset + i] = gamma * (q * v[i] + mv[i]) - decay * y[mOffset + i];
            }
            out[mOffset + d] = 2 * gamma * mDotV - decay * q;
            lastVNorm = Vectors.norm(v);
        }

        private void rk4(double[] y, double[] slope, double h, double[] out) {
            for (int i = 0; i < n; i++) {
                stage[i] = y[i] + 0.5 * h * slope[i];
            }
            derivative(stage, k2);
            for (int i = 0; i < n; i++) {
                stage[i] = y[i] + 0.5 * h * k2[i];
            }
            derivative(stage, k3);
            for (int i = 0; i < n; i++) {
                stage[i] = y[i] + h * k3[i];
            }
            derivative(stage, k4);
            double w = h / 6;
            for (int i = 0; i < n; i++) {
                out[i] = y[i] + w * (slope[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }

        /** Step-doubling estimate |two - full|/15 in units of localTolerance max(1, |y_i|). */
        private double errorNorm(double[] y, double[] fullStep, double[] twoSteps) {
            double worst = 0;
            for (int i = 0; i < n; i++) {
                double scale = options.localTolerance() * Math.max(1, Math.max(Math.abs(y[i]), Math.abs(twoSteps[i])));
                double e = Math.abs(twoSteps[i] - fullStep[i]) / (15 * scale);
                if (!(e <= worst)) {
                    worst = e;
                }
            }
            return worst;
        }

        /** Residual at the state whose derivative was just computed into {@code slope}. */
        private double residual(double[] slope, double[] y) {
            double scale = labelNorm > 0 ? labelNorm : 1;
            if (weightDecay == 0) {
                return lastVNorm / scale;
            }
            return Vectors.norm(slope) / (gamma * scale * Math.max(1, y[d * d + d]));
        }

        /** Step cap from the stiffest rate; lambda_max(M) tracked by two warm-started power iterations. */
        private double stabilityCap(double[] y) {
            for (int iteration = 0; iteration < 2; iteration++) {
                double norm = 0;
                for (int i = 0; i < d; i++) {
                    double s = 0;
                    int row = i * d;
                    for (int j = 0; j < d; j++) {
                        s += y[row + j] * powerVector[j];
                    }
                    mv[i] = s;
                    norm += s * s;
                }
                norm = Math.sqrt(norm);
                if (norm > 0 && Double.isFinite(norm)) {
                    topMomentEigenvalue = norm;
                    for (int i = 0; i < d; i++) {
                        powerVector[i] = mv[i] / norm;
                    }
                }
            }
            double q = Math.abs(y[d * d + d]);
            double rate = design.largestEigenvalue() * (q + 1.05 * topMomentEigenvalue) + 2 * weightDecay;
            return rate > 0 ? STABILITY_FRACTION / rate : options.maxTime();
        }

        private void checkFinite(double[] y, double t) {
            for (double value : y) {
                if (!Double.isFinite(value)) {
                    throw new EngineException(FailureCode.NAN_DETECTED,
                            String.format("linear ODE state became non-finite at time %.4g", t));
                }
            }
        }

        /** Records every sample time reached; after convergence the state is stationary, so all remaining ones. */
        private void recordSamples(double[] y, double t, boolean converged) {
            double[] times = probe.sampleTimes();
            while (nextSample < times.length && (converged || times[nextSample] <= t)) {
                double[] beta = new double[d];
                for (int i = 0; i < d; i++) {
                    beta[i] = y[d * d + i] / gamma;
                }
                curve.add(new TestLossProbe.Point(times[nextSample], probe.loss(beta)));
                nextSample++;
            }
        }

        /** Progress as the fraction of the residual's decades already covered, at most every 100 ms. */
        private void report(double residual) {
            long now = System.nanoTime();
            if (now - lastReport < PROGRESS_INTERVAL_NANOS) {
                return;
            }
            lastReport = now;
            double span = Math.log(initialResidual / options.tolerance());
            double done = span > 0 ? Math.log(initialResidual / residual) / span : 0;
            reportedFraction = Math.max(reportedFraction, Math.min(1, Math.max(0, done)));
            progress.report(options.phase(),
                    options.progressFrom() + reportedFraction * (options.progressTo() - options.progressFrom()));
        }
    }
}
