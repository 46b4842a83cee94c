package org.transferlab.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

/** Refusals, divergence, cancellation, convergence criteria, determinism and seed statistics. */
class TrainingControlTest {
    private final TransferData data = TransferDataGenerator.generate(TransferTaskSpec.linear(10, 30, 20, 50, 0.8), 2);

    @Test
    void learningRateAboveTheStabilityBoundIsRefused() {
        GradientDescentTrainer trainer = trainer(Activation.RELU, 1.0, 5.0, 100);
        EngineException e = catchThrowableOfType(EngineException.class,
                () -> trainer.run(ProgressWindow.whole(ProgressSink.NONE, "source training"), new CancellationToken()));
        assertThat(e.code()).isEqualTo(FailureCode.INVALID_SPEC);
        assertThat(e.getMessage()).contains("learningRate", "5.00000", "2/(lambda_max + decay)");
    }

    @Test
    void divergenceDuringTrainingIsReportedNotHidden() {
        // Rich linear training grows the NTK along the learned direction (chi ~ sqrt(1 + gamma^2 |beta|^2) - 1),
        // so a learning rate just inside the bound at the start leaves it later and GD blows up.
        double gamma = 3.0;
        double lambdaMax = trainer(Activation.LINEAR, gamma, 1e-3, 1).largestNtkEigenvalue(new CancellationToken());
        GradientDescentTrainer trainer = trainer(Activation.LINEAR, gamma, 1.9 / lambdaMax, 2000);
        EngineException e = catchThrowableOfType(EngineException.class,
                () -> trainer.run(ProgressWindow.whole(ProgressSink.NONE, "source training"), new CancellationToken()));
        assertThat(e).as("a diverging run must fail").isNotNull();
        System.out.println("divergence reported: " + e.code() + ": " + e.getMessage());
        assertThat(e.code()).isIn(FailureCode.NON_CONVERGED, FailureCode.NAN_DETECTED);
    }

    @Test
    void cancellationStopsALongRunPromptly() throws Exception {
        CancellationToken token = new CancellationToken();
        GradientDescentTrainer trainer = trainer(Activation.RELU, 1.0, 0.01, 50_000_000);
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                trainer.run(ProgressWindow.whole(ProgressSink.NONE, "source training"), token);
                return null;
            } catch (RuntimeException ex) {
                return ex;
            }
        });
        Thread.sleep(300);
        long cancelledAt = System.nanoTime();
        token.cancel();
        Throwable t = run.get(5, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - cancelledAt) / 1e6).isLessThan(500);
        assertThat(t).isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.CANCELLED));
    }

    @Test
    void unmetTrainLossToleranceRunsTheWholeBudgetAndSaysSo() {
        TwoLayerNetwork net = TwoLayerNetwork.random(Activation.RELU, 50, 10, new SplittableRandom(1));
        PhaseSettings s = PhaseSettings.of(1.0, 0.01, 5).withTrainLossTolerance(1e-12);
        GradientDescentTrainer trainer = new GradientDescentTrainer(net, data.source(), data.sourceTest(), s, true, null);
        TrainedPhase r = trainer.run(ProgressWindow.whole(ProgressSink.NONE, "source training"), new CancellationToken());
        assertThat(r.stepsRun()).isEqualTo(5);
        assertThat(r.finalTrainLoss()).isGreaterThan(1e-12);
        assertThat(r.time()).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void sameSeedGivesIdenticalResultsForEveryProtocol() {
        TransferData relu = TransferDataGenerator.generate(TransferTaskSpec.linear(10, 40, 20, 30, 0.8)
                .withLinks(new Link.Identity(), Link.centred(new Link.Quadratic(), 1)), 3);
        PhaseSettings source = PhaseSettings.of(1.0, 0.05, 60).withRecordEvery(10);
        PhaseSettings target = PhaseSettings.of(0.5, 0.05, 40).withRecordEvery(10).withElasticCoupling(0.1).withWeightDecay(0.01);
        TransferSimulationSpec spec = new TransferSimulationSpec(Activation.RELU, 300, source, target,
                EnumSet.allOf(TransferProtocol.class), FinetuneReadoutInit.RANDOM);
        List<Double> progress = new ArrayList<>();
        TransferSimulationResult a = TransferSimulation.run(relu, spec, 7, (phase, f) -> progress.add(f), new CancellationToken());
        TransferSimulationResult b = TransferSimulation.run(relu, spec, 7, ProgressSink.NONE, new CancellationToken());
        TransferSimulationResult c = TransferSimulation.run(relu, spec, 8, ProgressSink.NONE, new CancellationToken());
        assertThat(a.spike()).isNull();
        for (TransferProtocol p : TransferProtocol.values()) {
            TrainedPhase ra = a.targets().get(p);
            assertThat(ra.curve().testLoss()).isEqualTo(b.targets().get(p).curve().testLoss());
            assertThat(ra.testPredictions()).isEqualTo(b.targets().get(p).testPredictions());
            assertThat(ra.testPredictions()).isNotEqualTo(c.targets().get(p).testPredictions());
            // Every protocol starts from a centred (zero) function: the first test loss is mean(y*^2).
            double meanSquare = relu.test().clean().length == 0 ? 0
                    : java.util.Arrays.stream(relu.test().clean()).map(v -> v * v).average().orElseThrow();
            assertThat(ra.curve().testLoss()[0]).isCloseTo(meanSquare, within(1e-9));
            assertThat(ra.curve().steps()).containsExactly(0, 10, 20, 30, 40);
            assertThat(ra.finalTrainLoss()).isLessThan(ra.curve().trainLoss()[0]);
        }
        assertThat(progress).isSorted();
        assertThat(progress.get(progress.size() - 1)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void seedAggregationGivesMeanAndStandardError() {
        MeanWithError m = MeanWithError.of(1, 2, 3, 4);
        assertThat(m.mean()).isEqualTo(2.5);
        assertThat(m.stdErr()).isCloseTo(Math.sqrt(5.0 / 3) / 2, within(1e-12));
        assertThat(MeanWithError.of(3.0).stdErr()).isNaN();
    }

    private GradientDescentTrainer trainer(Activation phi, double gamma, double eta, int steps) {
        TwoLayerNetwork net = TwoLayerNetwork.random(phi, 200, 10, new SplittableRandom(4));
        return new GradientDescentTrainer(net, data.source(), data.sourceTest(), PhaseSettings.of(gamma, eta, steps), true, null);
    }
}
