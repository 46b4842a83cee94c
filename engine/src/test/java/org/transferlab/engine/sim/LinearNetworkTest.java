package org.transferlab.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.LeastSquares;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.task.Dataset;
import org.transferlab.engine.task.TransferData;
import org.transferlab.engine.task.TransferDataGenerator;
import org.transferlab.engine.task.TransferTaskSpec;

/** Finite-width networks against the exact statements of THEORY 2.3, 2.6.2 and 2.6.4. */
class LinearNetworkTest {
    @Test
    void measuredSpikeMatchesTheLorentzInvariantFormula() {
        // THEORY's check: width 3000, D = 20, P1 = 400, |beta|^2 = D, gamma1 = 1: 3.576 measured vs 3.583.
        // P1 > D makes the NTK well conditioned (lambda_min ~ 2 (sqrt(nu1) - 1)^2 = 24), so 250 steps at
        // eta = 0.007 fit to ~1e-30; the spike grows lambda_max from ~60 to ~207, under 2/eta = 286.
        TransferData data = TransferDataGenerator.generate(TransferTaskSpec.linear(20, 400, 10, 200, 1.0), 1);
        PhaseSettings source = PhaseSettings.of(1.0, 0.007, 250).withRecordEvery(50);
        TransferSimulationSpec spec = new TransferSimulationSpec(Activation.LINEAR, 3000, source, source,
                EnumSet.noneOf(TransferProtocol.class), FinetuneReadoutInit.ZERO);
        TransferSimulationResult result = TransferSimulation.run(data, spec, 1, ProgressSink.NONE, new CancellationToken());
        LinearSpike spike = result.spike();
        System.out.printf("chi measured %.4f, formula %.4f, |beta_f|^2 %.3f, source train MSE %.2e, test MSE %.2e%n",
                spike.chiMeasured(), spike.chiFormula(), spike.betaFNormSquared(), result.source().finalTrainLoss(),
                result.source().finalTestLoss());
        assertThat(result.source().finalTrainLoss()).isLessThan(1e-10);
        assertThat(spike.betaFNormSquared()).isCloseTo(20, within(1.0));
        // Finite width: u^T M0 u - 1 at init is N(0, 2/N), and the boost that builds the spike multiplies
        // that error by about q = 1 + chi, so one seed scatters by (1 + chi) sqrt(2/N) ~ 0.12 (3.3%) here.
        // 6% is about two standard deviations.
        assertThat(spike.chiMeasured()).isCloseTo(spike.chiFormula(), within(0.06 * spike.chiFormula()));
    }

    @Test
    void overdeterminedLinearNetworkConvergesToLeastSquares() {
        // P > D with label noise: the least-squares solution is unique, so any width must reach it.
        int d = 10;
        TransferData data = TransferDataGenerator.generate(TransferTaskSpec.linear(d, 10, 40, 50, 0.5).withNoise(0, 0.3), 4);
        TrainedPhase result = scratch(data, 200, PhaseSettings.of(0.5, 0.05, 800));
        assertThat(result.testPredictions()).containsExactly(leastSquaresPredictions(data), within(1e-7));
    }

    @Test
    void underdeterminedLinearNetworkApproachesMinNormInterpolant() {
        // P < D: GF keeps the learned coefficient in the data row space only at infinite width; at width N
        // W^T W/N = I + O(1/sqrt N) lets it leak out of it. Width 2000: relative gap ~ sqrt(D/N) ~ 0.1 bound.
        int d = 30;
        TransferData data = TransferDataGenerator.generate(TransferTaskSpec.linear(d, 10, 15, 200, 0.5), 5);
        TrainedPhase result = scratch(data, 2000, PhaseSettings.of(1.0, 0.1, 2000));
        double[] minNorm = leastSquaresPredictions(data);
        double gap = Math.sqrt(Vectors.meanSquaredDifference(result.testPredictions(), minNorm) / Vectors.dot(minNorm, minNorm)
                * minNorm.length);
        System.out.printf("P < D: network vs min-norm relative gap %.4f, test MSE %.4f vs %.4f%n", gap,
                result.finalTestLoss(), Vectors.meanSquaredDifference(minNorm, data.test().clean()));
        assertThat(result.finalTrainLoss()).isLessThan(1e-12);
        assertThat(gap).isLessThan(0.1);
    }

    @Test
    void finetunedReadoutConvergesToKernelRegressionWithTheMeasuredSourceKernel() {
        for (Activation phi : Activation.values()) {
            // P2 < D so that even the linear kernel is invertible on the target inputs and the test is not trivial.
            TransferData data = TransferDataGenerator.generate(TransferTaskSpec.linear(30, 60, 15, 100, 0.7), 6);
            PhaseSettings source = PhaseSettings.of(1.0, 0.02, 500);
            PhaseSettings target = PhaseSettings.of(1.0, 0.2, 40_000).withTrainLossTolerance(1e-22);
            TransferSimulationSpec spec = new TransferSimulationSpec(phi, 400, source, target, EnumSet.of(TransferProtocol.FINETUNE),
                    FinetuneReadoutInit.ZERO);
            TransferSimulationResult result = TransferSimulation.run(data, spec, 6, ProgressSink.NONE, new CancellationToken());
            FeatureKernel phi1 = result.sourceModel().featureKernel();
            Matrix x2 = data.target().x();
            double[] kernelPred = KernelRidge.fit(phi1.gram(x2, x2), data.target().y(), 0).predict(phi1.gram(data.test().x(), x2));
            TrainedPhase ft = result.targets().get(TransferProtocol.FINETUNE);
            double scale = Math.sqrt(Vectors.dot(kernelPred, kernelPred) / kernelPred.length);
            System.out.printf("%s FT: %d steps, GD test MSE %.5f vs kernel regression %.5f%n", phi, ft.stepsRun(), ft.finalTestLoss(),
                    Vectors.meanSquaredDifference(kernelPred, data.test().clean()));
            assertThat(ft.testPredictions()).containsExactly(kernelPred, within(1e-3 * scale));
        }
    }

    private static TrainedPhase scratch(TransferData data, int width, PhaseSettings target) {
        TransferSimulationSpec spec = new TransferSimulationSpec(Activation.LINEAR, width, PhaseSettings.of(1.0, 0.01, 0), target,
                EnumSet.of(TransferProtocol.SCRATCH), FinetuneReadoutInit.ZERO);
        return TransferSimulation.run(data, spec, 9, ProgressSink.NONE, new CancellationToken()).targets().get(TransferProtocol.SCRATCH);
    }

    private static double[] leastSquaresPredictions(TransferData data) {
        Dataset t = data.target();
        int d = t.inputDim();
        double[] beta = LeastSquares.minNorm(t.x(), t.y());
        return data.test().x().times(beta);
    }
}
