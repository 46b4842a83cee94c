package org.transferlab.engine.experiment;

import java.util.OptionalInt;
import org.transferlab.engine.data.DatasetProbe;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SweepGrid;

/**
 * A job's cost (flops and peak memory) from its spec alone: arithmetic over the sweep points' sizes,
 * no state and no data. What the gateway's and the workers' admission control use, so that judging a
 * submission never builds an engine or reads a dataset.
 */
public final class CostModel {
    private CostModel() {
    }

    /**
     * Sum over sweep points of each point's flops; the largest point's memory.
     *
     * @param datasetDim the input dimension of the spec's dataset tasks (ignored for synthetic tasks)
     * @return null when the spec has dataset tasks of unknown dimension
     */
    public static CostEstimate estimate(ExperimentSpec spec, OptionalInt datasetDim) {
        boolean dataset = PointParameters.isDataset(spec.withDefaults());
        if (dataset && datasetDim.isEmpty()) {
            return null;
        }
        double flops = 0;
        long memory = 0;
        for (SweepGrid.Point point : SweepGrid.expand(spec)) {
            PointParameters p = dataset ? PointParameters.of(point, datasetDim.getAsInt()) : PointParameters.of(point);
            CostEstimate c = switch (p.spec().network().activation()) {
                case "linear" -> LinearTransferCalculator.estimate(p);
                case "relu" -> ReluTransferCalculator.estimate(p);
                default -> throw new EngineException(FailureCode.INVALID_SPEC,
                        "network.activation '" + p.spec().network().activation() + "' is not served by this engine version");
            };
            flops += c.flops();
            memory = Math.max(memory, c.memoryBytes());
            if (p.wants(BayesTheory.METHOD)) {
                CostEstimate bayes = BayesTheory.estimate(p);
                flops += bayes.flops();
                memory = Math.max(memory, bayes.memoryBytes());
            }
        }
        return new CostEstimate(flops, memory);
    }

    /**
     * Flops of one seed's kernel records in the target phases of a model of {@code width} units (network
     * width or particles): the P2 x P2 feature kernel at every record point for the alignment (2 P2^2 N
     * each, with P2 N D to form the features) and one P2^3 eigensolve for the spectrum per protocol.
     */
    static double kernelRecords(PointParameters p, double width) {
        double p2 = p.targetSamples();
        double records = p.curvePoints() + 2;
        double perProtocol = records * (2.0 * p2 * p2 * width + 2.0 * p2 * width * p.inputDim()) + 10.0 * p2 * p2 * p2;
        return p.protocols().size() * perProtocol;
    }

    /**
     * {@link #estimateIfPossible} with what is known of a dataset's dimension without reading it
     * (registered datasets, CIFAR-10): for the event loops, which must not touch files.
     */
    public static CostEstimate estimateWithoutFiles(ExperimentSpec spec) {
        return estimateIfPossible(spec, DatasetProbe.inputDimWithoutFiles(spec));
    }

    /** {@link #estimate}, or null when the spec cannot be estimated (running it says why). */
    public static CostEstimate estimateIfPossible(ExperimentSpec spec, OptionalInt datasetDim) {
        try {
            return estimate(spec, datasetDim);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
