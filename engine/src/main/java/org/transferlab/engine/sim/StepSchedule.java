package org.transferlab.engine.sim;

import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * The steps of one phase on a fixed gradient-flow horizon T = eta0 * steps (THEORY 1.4: t = eta *
 * number of steps). The phase is planned as {@code steps} nominal steps of eta0; when the rate is the
 * engine's own choice it may be halved (the kernel grew past it), and each nominal step is then run as
 * 2^k sub-steps of eta0/2^k, so the horizon and the recording times t = n eta0 stay exactly where they
 * were planned. Time is counted in integer ticks of eta0/2^{@value #MAX_HALVINGS}, so it is exact.
 */
public final class StepSchedule {
    /** At most this many halvings: a 65536-fold smaller rate than planned means the plan was wrong. */
    public static final int MAX_HALVINGS = 16;
    private static final long TICKS_PER_STEP = 1L << MAX_HALVINGS;

    /**
     * How far above the lowest train loss since the rate last changed a loss must rise to count as an
     * overshoot: an unstable rate grows the loss geometrically and passes this within a few steps, while
     * ReLU units crossing their kinks make the loss of a stable rate wobble by far less (a step-to-step
     * test halved such rates all the way down to the floor).
     */
    static final double RISE_SHARE = 1e-3;
    /** Rises below this share of the phase's first loss are rounding, not overshoot. */
    static final double RISE_FLOOR = 1e-9;

    private final double baseRate;
    private final int steps;
    private double lowest = Double.POSITIVE_INFINITY;
    private int halvings;
    private long ticks;
    private long stepsTaken;

    public StepSchedule(double baseRate, int steps) {
        this.baseRate = baseRate;
        this.steps = steps;
    }

    /** The current step size eta0/2^k. */
    public double rate() {
        return Math.scalb(baseRate, -halvings);
    }

    /** Halves the rate from the next step on; fails once the rate is {@value #MAX_HALVINGS} halvings down. */
    public void halve(String why) {
        if (halvings == MAX_HALVINGS) {
            throw new EngineException(FailureCode.NON_CONVERGED, why + ": the step size is already 2^-"
                    + MAX_HALVINGS + " of the planned one at t = " + time());
        }
        halvings++;
    }

    /**
     * The train loss at the current weights, for a rate the engine chose: halves the rate when the loss
     * has risen clearly above its lowest value since the rate last changed (the step before overshot).
     *
     * @param startLoss the phase's first train loss, the scale of rounding noise
     */
    public void watch(double loss, double startLoss, String phase) {
        if (loss - lowest > RISE_SHARE * lowest + RISE_FLOOR * startLoss) {
            halve(phase + ": train MSE still rising");
            lowest = loss;
        } else {
            lowest = Math.min(lowest, loss);
        }
    }

    /** One step of {@link #rate()} done. */
    public void advance() {
        ticks += TICKS_PER_STEP >> halvings;
        stepsTaken++;
    }

    /** True at t = n eta0 for a whole n (the planned grid, where curves are recorded). */
    public boolean onGrid() {
        return ticks % TICKS_PER_STEP == 0;
    }

    /** The planned step index n of t = n eta0 (meaningful {@link #onGrid() on the grid}). */
    public int nominalStep() {
        return (int) (ticks / TICKS_PER_STEP);
    }

    public boolean finished() {
        return ticks >= steps * TICKS_PER_STEP;
    }

    /** Gradient-flow time so far. */
    public double time() {
        return baseRate * ticks / TICKS_PER_STEP;
    }

    public int halvings() {
        return halvings;
    }

    /** GD steps actually taken (more than planned after halvings). */
    public long stepsTaken() {
        return stepsTaken;
    }
}
