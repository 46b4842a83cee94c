package org.transferlab.engine.theory.dmft;

import java.util.Arrays;
import java.util.Optional;
import org.transferlab.engine.kernel.KernelAlignment;
import org.transferlab.engine.kernel.KernelRidge;
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
        double[] pooledOffset = GroupMath.groupMean(offset);
        double[] y = data.targetLabels();
        double[] yt = data.testLabels();
        double[][] c = new double[groups][p2];
        double[] f = new double[p2];
        double[][] ft = new double[groups][pt];
        double[] trainPer = new double[groups];
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
            for (int g = 0; g < groups; g++) {
                System.arraycopy(offset[g], 0, f, 0, p2);
                Blas.gemv(false, 1.0, kII[g], c[g], 1.0, f);
                if (record) {
                    System.arraycopy(offset[g], p2, ft[g], 0, pt);
                    Blas.gemv(false, 1.0, kTI[g], c[g], 1.0, ft[g]);
                }
                double loss = 0;
                for (int mu = 0; mu < p2; mu++) {
                    double delta = y[mu] - f[mu];
                    loss += delta * delta;
                    if (!last) {
                        c[g][mu] = (1 - rate * lambda) * c[g][mu] + rate * delta;
                    }
                }
                trainPer[g] = loss / p2;
            }
            if (Double.isNaN(startLoss)) {
                startLoss = GroupMath.mean(trainPer);
            }
            DivergenceCheck.check(trainPer, startLoss, step, "fine-tuning readout", phase);
            if (record) {
                curve.add(step, trainPer, InfiniteWidthLoss.of(ft, yt), alignment);
            }
            if (last) {
                break;
            }
            schedule.advance();
        }

        double[][] krr = new double[groups][];
        for (int g = 0; g < groups; g++) {
            krr[g] = Arrays.copyOfRange(offset[g], p2, rows);
            double[] a = KernelRidge.fit(kII[g], GroupMath.residual(y, offset[g]), lambda).coefficients();
            Blas.gemv(false, 1.0, kTI[g], a, 1.0, krr[g]);
        }
        double[] pooledPred = Arrays.copyOfRange(pooledOffset, p2, rows);
        double[] pooledA = KernelRidge.fit(pooledII, GroupMath.residual(y, pooledOffset), lambda).coefficients();
        Blas.gemv(false, 1.0, pooledTI, pooledA, 1.0, pooledPred);

        PhaseResult dynamics = new PhaseResult(curve.curve(), MeanWithError.of(trainPer),
                Optional.of(InfiniteWidthLoss.of(ft, yt)), GroupMath.groupMean(ft),
                alignment, spec.bins().histogram(testFields, 0, testFields.length),
                schedule.rate(), schedule.stepsTaken(), TopEigenvalues.overTrace(pooledII, KernelSpectra.TOP));
        progress.report("fine-tuning readout", 1.0);
        return new FineTuneResult(dynamics, InfiniteWidthLoss.of(krr, yt), GroupMath.mse(pooledPred, yt), pooledPred);
    }
}
