package org.transferlab.engine.theory.linear;

/**
 * Controls of the ODE integration of THEORY 2.6.1.
 *
 * @param tolerance      stop when the relative residual falls below this: |v|/|b| without weight decay,
 *                       |d(M, m, q)/dt|/(gamma |b| max(1, q)) with weight decay (there |v| tends to lambda/gamma, not 0)
 * @param localTolerance per-step error bound of the RK4 step-doubling controller, relative to max(1, |y_i|)
 * @param maxTime        give up (NON_CONVERGED) beyond this flow time
 * @param maxSteps       give up (NON_CONVERGED) beyond this many accepted steps
 * @param phase          progress phase name, e.g. "source theory"
 * @param progressFrom   overall job fraction at the start of this integration
 * @param progressTo     overall job fraction at its end
 */
public record LinearFlowOptions(double tolerance, double localTolerance, double maxTime, long maxSteps,
                                String phase, double progressFrom, double progressTo) {

    public LinearFlowOptions {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
        }
        if (!(localTolerance > 0)) {
            throw new IllegalArgumentException("localTolerance must be > 0, got " + localTolerance);
        }
        if (!(maxTime > 0)) {
            throw new IllegalArgumentException("maxTime must be > 0, got " + maxTime);
        }
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be > 0, got " + maxSteps);
        }
        if (!(progressFrom >= 0 && progressFrom <= progressTo && progressTo <= 1)) {
            throw new IllegalArgumentException("need 0 <= progressFrom <= progressTo <= 1, got " + progressFrom + ", " + progressTo);
        }
    }

    /** Residual 1e-9 (THEORY 2.6.1), local error 1e-10, flow time up to 1e6, up to 10^7 steps. */
    public static LinearFlowOptions defaults() {
        return new LinearFlowOptions(1e-9, 1e-10, 1e6, 10_000_000L, "linear theory", 0, 1);
    }

    public LinearFlowOptions withTolerance(double value) {
        return new LinearFlowOptions(value, localTolerance, maxTime, maxSteps, phase, progressFrom, progressTo);
    }

    public LinearFlowOptions withMaxTime(double value) {
        return new LinearFlowOptions(tolerance, localTolerance, value, maxSteps, phase, progressFrom, progressTo);
    }

    public LinearFlowOptions withMaxSteps(long value) {
        return new LinearFlowOptions(tolerance, localTolerance, maxTime, value, phase, progressFrom, progressTo);
    }

    public LinearFlowOptions withProgress(String name, double from, double to) {
        return new LinearFlowOptions(tolerance, localTolerance, maxTime, maxSteps, name, from, to);
    }
}
