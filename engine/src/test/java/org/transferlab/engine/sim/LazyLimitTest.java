package org.transferlab.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.kernel.ArcCosineKernels;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.task.Link;
import org.transferlab.engine.task.TransferData;
import org.transferlab.engine.task.TransferDataGenerator;
import org.transferlab.engine.task.TransferTaskSpec;

/** gamma -> 0 with centring: a trained ReLU network is kernel regression with the closed-form NTK0 (THEORY 2.1). */
class LazyLimitTest {
    @Test
    void lazyReluNetworkMatchesArcCosineNtkRegression() {
        TransferData data = TransferDataGenerator.generate(TransferTaskSpec.linear(10, 10, 20, 100, 0.5)
                .withLinks(new Link.Identity(), Link.centred(new Link.Quadratic(), 1)), 12);
        PhaseSettings target = PhaseSettings.of(0.02, 0.2, 800);
        TransferSimulationSpec spec = new TransferSimulationSpec(Activation.RELU, 4000, PhaseSettings.of(1.0, 0.01, 0), target,
                EnumSet.of(TransferProtocol.SCRATCH), FinetuneReadoutInit.ZERO);
        TrainedPhase net = TransferSimulation.run(data, spec, 12, ProgressSink.NONE, new CancellationToken())
                .targets().get(TransferProtocol.SCRATCH);
        double[] kernel = KernelRidge.fit(ArcCosineKernels.between(data.target().x(), data.target().x()).ntk0(), data.target().y(), 0)
                .predict(ArcCosineKernels.between(data.test().x(), data.target().x()).ntk0());
        double gap = Math.sqrt(Vectors.meanSquaredDifference(net.testPredictions(), kernel) / Vectors.dot(kernel, kernel) * kernel.length);
        System.out.printf("lazy ReLU (gamma 0.02, N 4000): train MSE %.2e, test MSE %.4f vs NTK0 regression %.4f, relative gap %.4f%n",
                net.finalTrainLoss(), net.finalTestLoss(), Vectors.meanSquaredDifference(kernel, data.test().clean()), gap);
        assertThat(net.finalTrainLoss()).isLessThan(1e-8);
        // Finite-width kernel fluctuations are O(1/sqrt(N)) ~ 1.6% per entry; they enter through K^{-1}.
        assertThat(gap).isLessThan(0.1);
    }
}
