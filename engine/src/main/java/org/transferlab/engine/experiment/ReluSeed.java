package org.transferlab.engine.experiment;

import org.transferlab.engine.data.DatasetLibrary;
import org.transferlab.engine.data.DatasetTransfer;
import org.transferlab.engine.task.TransferData;
import org.transferlab.engine.task.TransferDataGenerator;
import org.transferlab.engine.theory.dmft.ParticleData;

/** One seed's draw of a transfer problem (synthetic or from files) for ReLU networks, and its view for the particle solver. */
record ReluSeed(long seed, TransferData data) {

    static ReluSeed draw(PointParameters p, int s, DatasetLibrary library) {
        long seed = p.seedOf(s);
        if (p.isDataset()) {
            return new ReluSeed(seed, DatasetTransfer.draw(library, p.source(), p.target(), p.testSamples(), seed));
        }
        return new ReluSeed(seed, TransferDataGenerator.generate(p.taskSpec(), seed));
    }

    /** Source, target and test inputs stacked for the particle solver, with the clean test labels of both tasks. */
    ParticleData particleData() {
        int d = data.source().inputDim();
        int p1 = data.source().size();
        int p2 = data.target().size();
        int pt = data.test().size();
        double[] x = new double[(p1 + p2 + pt) * d];
        System.arraycopy(data.source().x().data(), 0, x, 0, p1 * d);
        System.arraycopy(data.target().x().data(), 0, x, p1 * d, p2 * d);
        System.arraycopy(data.test().x().data(), 0, x, (p1 + p2) * d, pt * d);
        return ParticleData.fromInputs(x, d, range(0, p1), range(p1, p2), range(p1 + p2, pt),
                data.source().y(), data.target().y(), data.test().clean(), data.sourceTest().clean());
    }

    private static int[] range(int from, int count) {
        int[] r = new int[count];
        for (int i = 0; i < count; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
