package org.transferlab.engine.theory.dmft;

import java.util.Optional;
import org.transferlab.engine.kernel.KernelAlignment;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.FusedPasses;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.MeanWithError;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.StepSchedule;
import org.transferlab.engine.theory.spectral.TopEigenvalues;
import org.transferlab.protocol.result.KernelSpectra;

/**
 * The fine-tuning phase (THEORY 2.3): the readout dynamics on the frozen source features in function
 * space, and their kernel-ridge limit (4.B). See {@link ParticleSolver#fineTune} for the equations.
 *
 * <p>At infinite width the readout flows on Phi_inf = E Phi_g, the mean of the groups' feature
 * kernels. The fine-tuned predictor is strongly nonlinear in the kernel (it acts like an inverse on
 * its small eigenvalues), so averaging the predictors of G width-m groups is not the limit: on
 * Fashion-MNIST it scored below every network width. The estimate is instead the flow on the pooled
 * kernel of all M particles, with the O(1/G) bias of a smooth function of a mean of G iid kernels
 * removed by the delete-one-group jackknife ({@link GroupJackknife}), at every recorded time. The
 * groups' own flows run beside it for the diagnostics (their mean loss and their ensemble's).
 *
 * <p>The groups are those of the source phase (particles within a group are coupled through its
 * output, so only whole groups may be left out). Their number is the solver's: more groups give the
 * jackknife error more degrees of freedom (with 4 it has 3, and can read a third of the true error),
 * but shrink the groups and so raise the O(G/M) bias of the scratch and jointly rich estimates.
 * Fine-tuning itself shows no group-size bias (measurements in docs/methods.md).
 */
final class ReadoutFineTune {
    private final ParticleData data;
    private final ParticleSpec spec;
    private final Activation act;
    private final int groups;
    private final int mg;
    private final StabilityBounds stability;

    ReadoutFineTune(ParticleData data, ParticleSpec spec, StabilityBounds stability) {
        this.data = data;
        this.spec = spec;
        this.act = spec.activation();
        this.groups = spec.groups();
        this.mg = spec.groupSize();
        this.stability = stability;
    }

    /**
     * Runs from the source fields H1; {@code sourceOutputs} (the source function on I2 + It per group)
     * is the offset when the readout starts at the source readout.
     */
    FineTuneResult run(ParticleFields sourceFields, double[][] sourceOutputs, PhaseSettings phase,
                       ReadoutStart start, ProgressSink progress, CancellationToken cancel) {
        int p2 = data.targetCount();
        int pt = data.testCount();
        int rows = p2 + pt;
        Matrix phiT = Matrix.zeros(rows, mg);
        Matrix phiI = Matrix.zeros(p2, mg);
        Matrix[] kII = new Matrix[groups];
        Matrix[] kTI = new Matrix[groups];
        Matrix pooledII = Matrix.zeros(p2, p2);
        Matrix pooledTI = Matrix.zeros(pt, p2);
        double[] testFields = new double[groups * mg * pt];
        for (int g = 0; g < groups; g++) {
            sourceFields.block(g, data.targetFrom(), data.pointCount(), phiT);
            System.arraycopy(phiT.data(), p2 * mg, testFields, g * mg * pt, pt * mg);
            FusedPasses.activate(act, phiT, phiT);
            System.arraycopy(phiT.data(), 0, phiI.data(), 0, p2 * mg);
            Matrix k = Matrix.zeros(rows, p2);
            Blas.gemm(false, true, 1.0 / mg, phiT, phiI, 0.0, k);
            kII[g] = k.rowRange(0, p2);
            kTI[g] = k.rowRange(p2, rows);
            GroupMath.addScaled(pooledII, kII[g], 1.0 / groups);
            GroupMath.addScaled(pooledTI, kTI[g], 1.0 / groups);
        }
        StepSchedule schedule = stability.readout(kII, p2, phase);
        double lambda = phase.weightDecay();

        // offsets: the source function on I2 + It per group (FT-keep), or nothing
        double[][] offset = start == ReadoutStart.SOURCE ? sourceOutputs : new double[groups][rows];
        KernelReadoutFlow[] perGroup = new KernelReadoutFlow[groups];
        KernelReadoutFlow[] withoutGroup = new KernelReadoutFlow[groups];
        for (int g = 0; g < groups; g++) {
            perGroup[g] = new KernelReadoutFlow(kII[g], kTI[g], offset[g]);
            withoutGroup[g] = new KernelReadoutFlow(withoutGroup(pooledII, kII[g]), withoutGroup(pooledTI, kTI[g]),
                    withoutGroup(offset, g));
        }
        KernelReadoutFlow pooled = new KernelReadoutFlow(pooledII, pooledTI, GroupMath.groupMean(offset));

        double[] y = data.targetLabels();
        double[] yt = data.testLabels();
        double[] trainPer = new double[groups];
        double[] trainWithout = new double[groups];
        double[][] ft = new double[groups][];
        double pooledTrain = Double.NaN;
        Estimate test = null;
        CurveRecorder curve = new CurveRecorder(phase, true);
        Pacer pacer = new Pacer("fine-tuning readout", progress, cancel);
        double startLoss = Double.NaN;
        // the features are frozen: the kernel, and its alignment with y2, stay Phi_1's
        double alignment = KernelAlignment.of(pooledII, y);
        while (true) {
            boolean last = schedule.finished();
            int step = schedule.nominalStep();
            pacer.poll(schedule.time(), phase.time());
            boolean record = schedule.onGrid() && curve.isRecordStep(step) || last;
            double rate = schedule.rate();
            if (record) {
                test = estimate(pooled, withoutGroup, perGroup, yt, ft);
            }
            for (int g = 0; g < groups; g++) {
                trainPer[g] = perGroup[g].step(y, rate, lambda, !last);
                trainWithout[g] = withoutGroup[g].step(y, rate, lambda, !last);
            }
            pooledTrain = pooled.step(y, rate, lambda, !last);
            if (Double.isNaN(startLoss)) {
                startLoss = GroupMath.mean(trainPer);
            }
            DivergenceCheck.check(trainPer, startLoss, step, "fine-tuning readout", phase);
            if (record) {
                curve.add(step, pooledTrain, test.loss(), alignment);
            }
            if (last) {
                break;
            }
            schedule.advance();
        }

        // the t -> infinity limit, estimated the same way
        double[][] limitPer = new double[groups][];
        double[] limitWithout = new double[groups];
        for (int g = 0; g < groups; g++) {
            limitPer[g] = perGroup[g].limit(y, lambda).testPredictions();
            limitWithout[g] = GroupMath.mse(withoutGroup[g].limit(y, lambda).testPredictions(), yt);
        }
        KernelReadoutFlow.Limit pooledLimit = pooled.limit(y, lambda);
        double limitAll = GroupMath.mse(pooledLimit.testPredictions(), yt);

        PhaseResult dynamics = new PhaseResult(curve.curve(),
                new MeanWithError(pooledTrain, GroupJackknife.stdErr(trainWithout), groups),
                Optional.of(test.loss()), test.pooledPredictions(),
                alignment, spec.bins().histogram(testFields, 0, testFields.length),
                schedule.rate(), schedule.stepsTaken(), TopEigenvalues.overTrace(pooledII, KernelSpectra.TOP));
        progress.report("fine-tuning readout", 1.0);
        return new FineTuneResult(dynamics, test.pooledLoss(),
                combine(limitAll, limitWithout, InfiniteWidthLoss.of(limitPer, yt)), pooledLimit.trainLoss());
    }

    /** The test-loss estimate of the current state; fills {@code ft} with the groups' own predictions. */
    private static Estimate estimate(KernelReadoutFlow pooled, KernelReadoutFlow[] withoutGroup,
                                     KernelReadoutFlow[] perGroup, double[] yt, double[][] ft) {
        double[] without = new double[perGroup.length];
        for (int g = 0; g < perGroup.length; g++) {
            ft[g] = perGroup[g].testPredictions();
            without[g] = GroupMath.mse(withoutGroup[g].testPredictions(), yt);
        }
        double[] pooledPredictions = pooled.testPredictions();
        double all = GroupMath.mse(pooledPredictions, yt);
        return new Estimate(combine(all, without, InfiniteWidthLoss.of(ft, yt)), all, pooledPredictions);
    }

    /**
     * The jackknifed pooled-kernel loss, with the groups' ensemble and mean losses beside it. Where the
     * correction is beyond {@link GroupJackknife#MAX_CORRECTION_SHARE} (or would make the loss negative)
     * the pooled loss of the M particles stands instead, uncorrected, with the correction it would have
     * needed added to its error: an honest number with a wide error bar, never a negative MSE.
     */
    private static InfiniteWidthLoss combine(double all, double[] without, InfiniteWidthLoss groupsOwn) {
        GroupJackknife jk = GroupJackknife.of(all, without);
        if (!jk.reliableFrom(all)) {
            double correction = jk.estimate() - all;
            double stdErr = Double.isNaN(jk.stdErr()) ? Math.abs(correction) : Math.hypot(jk.stdErr(), correction);
            return new InfiniteWidthLoss(all, stdErr, groupsOwn.ensembleLoss(), groupsOwn.groupMeanLoss(), false);
        }
        return new InfiniteWidthLoss(jk.estimate(), jk.stdErr(), groupsOwn.ensembleLoss(), groupsOwn.groupMeanLoss(), true);
    }

    /** The mean of the other G - 1 groups' kernels: (G pooled - K_g) / (G - 1). */
    private Matrix withoutGroup(Matrix pooledKernel, Matrix own) {
        Matrix k = Matrix.zeros(own.rows(), own.cols());
        double[] d = k.data();
        double[] p = pooledKernel.data();
        double[] o = own.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (groups * p[i] - o[i]) / (groups - 1);
        }
        return k;
    }

    /** The mean of the other G - 1 groups' offsets. */
    private double[] withoutGroup(double[][] offsets, int skip) {
        double[] mean = new double[offsets[0].length];
        for (int g = 0; g < groups; g++) {
            if (g != skip) {
                for (int j = 0; j < mean.length; j++) {
                    mean[j] += offsets[g][j] / (groups - 1);
                }
            }
        }
        return mean;
    }

    /** One recorded test-loss estimate, the unjackknifed pooled loss and the pooled predictor. */
    private record Estimate(InfiniteWidthLoss loss, double pooledLoss, double[] pooledPredictions) {
    }
}
