package org.transferlab.engine.theory.linear;

import java.util.Arrays;

/**
 * What to record along the flow: the test loss |beta_f - beta_t|^2/D (+ sigma^2 for noisy test labels)
 * at the given flow times (sorted ascending, >= 0).
 */
public record TestLossProbe(double[] teacher, double testNoiseVariance, double[] sampleTimes) {

    public TestLossProbe {
        if (!(testNoiseVariance >= 0)) {
            throw new IllegalArgumentException("testNoiseVariance must be >= 0, got " + testNoiseVariance);
        }
        sampleTimes = sampleTimes.clone();
        for (int i = 0; i < sampleTimes.length; i++) {
            if (!(sampleTimes[i] >= 0) || Double.isInfinite(sampleTimes[i]) || (i > 0 && sampleTimes[i] < sampleTimes[i - 1])) {
                throw new IllegalArgumentException("sampleTimes must be finite, >= 0 and ascending: " + Arrays.toString(sampleTimes));
            }
        }
        if (sampleTimes.length > 0 && teacher == null) {
            throw new IllegalArgumentException("a teacher is required to record test losses");
        }
        teacher = teacher == null ? null : teacher.clone();
    }

    /** Record nothing. */
    public static TestLossProbe none() {
        return new TestLossProbe(null, 0, new double[0]);
    }

    public double loss(double[] betaF) {
        double s = 0;
        for (int i = 0; i < betaF.length; i++) {
            double e = betaF[i] - teacher[i];
            s += e * e;
        }
        return s / betaF.length + testNoiseVariance;
    }

    /** One point of the recorded curve. */
    public record Point(double time, double testLoss) {
    }
}
