package org.transferlab.engine.data;

import org.transferlab.engine.task.Dataset;
import org.transferlab.engine.task.RandomStreams;
import org.transferlab.engine.task.RandomStreams.Purpose;
import org.transferlab.engine.task.TransferData;
import org.transferlab.protocol.spec.PhaseSpec;

/**
 * One seed's real-data transfer problem: source and target training sets drawn (balanced, seeded) from
 * the training splits of their class pairs, possibly of the same file (Figures 2b, 2c, 5: classes {0,1}
 * -> {0,9}; Figure 4: {1,2} -> {8,9}); the test set from the target pair's test split, and the source
 * pair's test split to follow the source phase. Labels are the class signs, so there is no teacher.
 * A task that asks for whitening gets its splits whitened with one map fitted on the training images of
 * both pairs' classes ({@link DatasetLibrary#whitening}).
 */
public final class DatasetTransfer {
    private DatasetTransfer() {
    }

    public static TransferData draw(DatasetLibrary library, PhaseSpec source, PhaseSpec target, int testSamples, long seed) {
        RandomStreams streams = new RandomStreams(seed);
        DatasetLibrary.Split sourceTrain = library.split(source.task(), true, "source.task");
        DatasetLibrary.Split targetTrain = library.split(target.task(), true, "target.task");
        if (sourceTrain.dim() != targetTrain.dim()) {
            throw new DataFileException("target.task: inputs of dimension " + targetTrain.dim() + " do not match the source's "
                    + sourceTrain.dim() + " (" + targetTrain.source() + " vs " + sourceTrain.source() + ")");
        }
        Dataset s = BalancedSample.draw(sourceTrain, source.task().classes(), source.samples(), source.task().noise(),
                streams.stream(Purpose.SOURCE_DATA), "source");
        Dataset t = BalancedSample.draw(targetTrain, target.task().classes(), target.samples(), target.task().noise(),
                streams.stream(Purpose.TARGET_DATA), "target");
        Dataset test = BalancedSample.draw(library.split(target.task(), false, "target.task"), target.task().classes(), testSamples, 0,
                streams.stream(Purpose.TEST_DATA), "testSamples (target test split)");
        Dataset sourceTest = BalancedSample.draw(library.split(source.task(), false, "source.task"), source.task().classes(), testSamples, 0,
                streams.stream(Purpose.TEST_DATA), "testSamples (source test split)");
        if (whiten(source) || whiten(target)) {
            // One map for every split, fitted on training inputs only: test points share the training basis.
            Whitening w = library.whitening(source.task(), target.task());
            if (whiten(source)) {
                s = whitened(s, w);
                sourceTest = whitened(sourceTest, w);
            }
            if (whiten(target)) {
                t = whitened(t, w);
                test = whitened(test, w);
            }
        }
        return new TransferData(s, t, test, sourceTest, null, null, null);
    }

    /** The input dimension of a dataset task after preprocessing (784 for CIFAR-10, MNIST and Fashion-MNIST). */
    public static int inputDim(DatasetLibrary library, PhaseSpec phase, String field) {
        return library.split(phase.task(), true, field + ".task").dim();
    }

    private static Dataset whitened(Dataset d, Whitening w) {
        return new Dataset(w.apply(d.x()), d.y(), d.clean());
    }

    private static boolean whiten(PhaseSpec phase) {
        return Boolean.TRUE.equals(phase.task().whiten());
    }
}
