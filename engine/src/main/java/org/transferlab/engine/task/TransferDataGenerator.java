package org.transferlab.engine.task;

import java.util.random.RandomGenerator;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.task.RandomStreams.Purpose;

/** Draws a {@link TransferData} deterministically from a spec and a seed. */
public final class TransferDataGenerator {
    private TransferDataGenerator() {
    }

    public static TransferData generate(TransferTaskSpec spec, long seed) {
        RandomStreams streams = new RandomStreams(seed);
        RandomGenerator teacherRng = streams.stream(Purpose.TEACHER);
        int d = spec.inputDim();
        double[] betaS = TeacherDirections.source(d, spec.normalisation(), teacherRng);
        Teacher sourceTeacher = new Teacher(betaS, spec.sourceLink());
        Dataset source = Dataset.sample(sourceTeacher, spec.sourceSamples(), spec.sourceNoise(), streams.stream(Purpose.SOURCE_DATA));

        // The target teacher may depend on the source set itself (the noise direction): source first.
        NoiseDirection noise = spec.noiseAlignment() != 0 ? NoiseDirection.of(source, betaS) : null;
        double[] betaT = TeacherDirections.target(betaS, noise, spec.alignment(), spec.noiseAlignment(),
                spec.normalisation(), teacherRng);
        Teacher targetTeacher = new Teacher(betaT, spec.targetLink());
        Dataset target = Dataset.sample(targetTeacher, spec.targetSamples(), spec.targetNoise(), streams.stream(Purpose.TARGET_DATA));

        RandomGenerator testRng = streams.stream(Purpose.TEST_DATA);
        Matrix testX = Matrix.gaussian(spec.testSamples(), d, testRng);
        double[] testClean = targetTeacher.labels(testX);
        double[] testY = testClean.clone();
        if (spec.noisyTestLabels()) {
            for (int i = 0; i < testY.length; i++) {
                testY[i] += spec.targetNoise() * testRng.nextGaussian();
            }
        }
        double[] sourceTestClean = sourceTeacher.labels(testX);
        return new TransferData(source, target, new Dataset(testX, testY, testClean),
                new Dataset(testX, sourceTestClean, sourceTestClean), sourceTeacher, targetTeacher, noise);
    }
}
