package org.transferlab.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.task.Link;
import org.transferlab.engine.task.TransferData;
import org.transferlab.engine.task.TransferDataGenerator;
import org.transferlab.engine.task.TransferTaskSpec;
import org.transferlab.protocol.FailureCode;

class StepScheduleTest {
    @Test
    void halvingKeepsTheHorizonAndTheGridExact() {
        StepSchedule s = new StepSchedule(0.1, 4);
        int grid = 0;
        while (!s.finished()) {
            if (s.onGrid()) {
                assertThat(s.nominalStep()).isEqualTo(grid++);
            }
            s.advance();
            if (s.stepsTaken() == 3) {
                s.halve("test");
            }
        }
        // 3 steps of 0.1, then the remaining 0.1 in 2 steps of 0.05: t = 0.4 exactly, grid points 0..3 visited
        assertThat(s.stepsTaken()).isEqualTo(5);
        assertThat(s.time()).isEqualTo(0.4);
        assertThat(grid).isEqualTo(4);
        assertThat(s.rate()).isEqualTo(0.05);
    }

    @Test
    void aWobbleBelowTheRiseShareKeepsTheRateAndAGeometricRiseHalvesIt() {
        StepSchedule s = new StepSchedule(1, 100);
        // a stable rate whose loss wobbles by 1e-4 of itself (units crossing their kinks) is kept
        double[] wobbling = {1.0, 0.5, 0.25, 0.250025, 0.2499, 0.249925, 0.2};
        for (double loss : wobbling) {
            s.watch(loss, 1.0, "test");
        }
        assertThat(s.halvings()).isZero();
        // an overshooting rate grows the loss by a factor each step: the first clear rise halves it, once
        s.watch(0.3, 1.0, "test");
        assertThat(s.halvings()).isEqualTo(1);
        // after the halving the loss falls back from where it was: no further halving on the way down
        for (double loss : new double[] {0.29, 0.25, 0.21, 0.15}) {
            s.watch(loss, 1.0, "test");
        }
        assertThat(s.halvings()).isEqualTo(1);
        // rounding-level rises near zero loss are not overshoots
        s.watch(1e-13, 1.0, "test");
        s.watch(2e-13, 1.0, "test");
        assertThat(s.halvings()).isEqualTo(1);
    }

    @Test
    void tooManyHalvingsFail() {
        StepSchedule s = new StepSchedule(1, 1);
        for (int k = 0; k < StepSchedule.MAX_HALVINGS; k++) {
            s.halve("test");
        }
        assertThatThrownBy(() -> s.halve("test")).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.code()).isEqualTo(FailureCode.NON_CONVERGED));
    }

    @Test
    void anEngineRateAboveTheBoundIsHalvedNotRefusedAndAUserRateIsRefused() {
        TransferData data = TransferDataGenerator.generate(TransferTaskSpec.linear(12, 10, 40, 50, 0.8)
                .withLinks(new Link.Identity(), new Link.Quadratic()), 4);
        // 40 points: lambda_max(NTK0) is about 40/(2 pi) + 1.5 ~ 8, so 2.0 is past the bound 2/lambda_max
        PhaseSettings tooLarge = PhaseSettings.of(0.5, 2.0, 50).withRecordEvery(10);
        TwoLayerNetwork net = TwoLayerNetwork.random(Activation.RELU, 400, 12, new SplittableRandom(2));
        assertThatThrownBy(() -> new GradientDescentTrainer(net, data.target(), data.test(), tooLarge, true, null)
                .run(ProgressWindow.whole(ProgressSink.NONE, "target"), new CancellationToken()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_SPEC));

        TwoLayerNetwork same = TwoLayerNetwork.random(Activation.RELU, 400, 12, new SplittableRandom(2));
        TrainedPhase r = new GradientDescentTrainer(same, data.target(), data.test(), tooLarge.withAdaptiveRate(true), true, null)
                .run(ProgressWindow.whole(ProgressSink.NONE, "target"), new CancellationToken());
        assertThat(r.finalRate()).isLessThanOrEqualTo(GradientDescentTrainer.STABLE_SHARE * r.learningRateBound());
        assertThat(r.time()).isCloseTo(100.0, within(1e-9));
        assertThat(r.curve().steps()).containsExactly(0, 10, 20, 30, 40, 50);
        // the flow reached its horizon with a train loss that fell monotonically at every record
        double[] train = r.curve().trainLoss();
        for (int k = 1; k < train.length; k++) {
            assertThat(train[k]).isLessThanOrEqualTo(train[k - 1]);
        }
    }
}
