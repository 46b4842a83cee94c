package org.transferlab.engine.theory.dmft;

import java.util.Arrays;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.MeanWithError;

/** Collects a {@link LossCurve} at steps 0, k, 2k, ... and at the last step. */
final class CurveRecorder {
    private final int steps;
    private final int every;
    private final boolean withTest;
    private final int[] at;
    private final double[] train;
    private final double[] test;
    private final double[] testErr;
    private final double[] alignment;
    private int n;

    CurveRecorder(PhaseSettings phase, boolean withTest) {
        this.steps = phase.steps();
        this.every = phase.recordEvery();
        this.withTest = withTest;
        int capacity = steps / every + 2;
        this.at = new int[capacity];
        this.train = new double[capacity];
        this.test = new double[withTest ? capacity : 0];
        this.testErr = new double[withTest ? capacity : 0];
        this.alignment = new double[capacity];
    }

    boolean isRecordStep(int step) {
        return step % every == 0 || step == steps;
    }

    boolean withTest() {
        return withTest;
    }

    /**
     * One record: the groups' train losses, with test labels the infinite-width test-loss estimate, and
     * the feature kernel's alignment with the phase's labels.
     */
    void add(int step, double[] trainPerGroup, InfiniteWidthLoss testLoss, double kernelAlignment) {
        add(step, MeanWithError.of(trainPerGroup).mean(), testLoss, kernelAlignment);
    }

    /**
     * One record: the train loss of the estimated predictor, its infinite-width test-loss estimate, and
     * the feature kernel's alignment with the phase's labels.
     */
    void add(int step, double trainLoss, InfiniteWidthLoss testLoss, double kernelAlignment) {
        at[n] = step;
        alignment[n] = kernelAlignment;
        train[n] = trainLoss;
        if (withTest) {
            test[n] = testLoss.loss();
            testErr[n] = testLoss.stdErr();
        }
        n++;
    }

    LossCurve curve() {
        return new LossCurve(Arrays.copyOf(at, n), Arrays.copyOf(train, n),
                Arrays.copyOf(test, withTest ? n : 0), Arrays.copyOf(testErr, withTest ? n : 0),
                Arrays.copyOf(alignment, n));
    }
}
