package org.transferlab.engine.experiment;

import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.kernel.KernelRidgeFit;
import org.transferlab.engine.kernel.SpikedInputKernel;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.task.Dataset;

/**
 * The {@code kernel} method for linear networks: infinite width, but on this seed's finite-D data, so
 * each proportional-limit curve has a finite-size counterpart. Every protocol is kernel regression on
 * the target set with the kernel the theory assigns to it:
 * <ul>
 *   <li>scratch: the isotropic input kernel (linear probe), with the target ridge;</li>
 *   <li>finetune: the source-adapted kernel of {@link LinearSeed#adaptedKernel}, with the target ridge;</li>
 *   <li>joint: the lazy-target limit gamma2 -> 0 of jointly rich training, ridgeless regression with the
 *   NTK x^T (M1 + I) x'/D, i.e. the adapted kernel's spike halved (THEORY 2.6.5).</li>
 * </ul>
 */
final class LinearKernelRegression {
    private LinearKernelRegression() {
    }

    /** Test and train loss of one protocol, relative to the target's population variance. */
    record Fit(double testLoss, double trainLoss, double residual) {
    }

    static Fit fit(String protocol, PointParameters p, LinearSeed seed) {
        double ridge = p.target().ridge();
        return switch (protocol) {
            case "scratch" -> regress(SpikedInputKernel.inputKernel(), ridge, p, seed);
            case "finetune" -> regress(seed.adaptedKernel(p), ridge, p, seed);
            case "joint" -> regress(seed.adaptedKernel(p).affine(0.5, 0.5), 0, p, seed);
            default -> throw new IllegalArgumentException("unknown protocol " + protocol);
        };
    }

    private static Fit regress(SpikedInputKernel kernel, double ridge, PointParameters p, LinearSeed seed) {
        Dataset train = seed.data().target();
        Dataset test = seed.data().test();
        double sv = p.lossScale(seed.data());
        if (kernel.isotropic() == 0 && kernel.spikes().length == 0) {
            // A collapsed source (weight decay beyond its threshold) leaves no features: f = 0.
            return new Fit(Vectors.meanSquaredDifference(new double[test.size()], test.clean()) / sv,
                    Vectors.meanSquaredDifference(new double[train.size()], train.y()) / sv, 0);
        }
        var trainGram = kernel.gram(train.x(), train.x());
        KernelRidgeFit fit = KernelRidge.fit(trainGram, train.y(), ridge);
        double testLoss = fit.testMse(kernel.gram(test.x(), train.x()), test.clean());
        double trainLoss = fit.testMse(trainGram, train.y());
        return new Fit(testLoss / sv, trainLoss / sv, fit.relativeResidual());
    }
}
