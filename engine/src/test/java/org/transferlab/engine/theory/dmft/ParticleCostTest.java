package org.transferlab.engine.theory.dmft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.transferlab.protocol.event.CostEstimate;

class ParticleCostTest {
    @Test
    void typicalRunIsDominatedByTheTwoProductsPerStep() {
        // M = 4096, P1 = 1000, D = 100: 4 M P1 D = 1.6 GFLOP per source step in weight space
        CostEstimate c = ParticleCost.estimate(1000, 100, 500, 100, 4096, Sampling.AUTO, ParticleDraw.IID,
                1000, 1000, 100);
        assertThat(c.flops()).isBetween(1.6e12, 2.2e12);
        assertThat(c.memoryBytes()).isBetween(8L * 2 * 4096 * 100, 400_000_000L);
    }

    @Test
    void weightSpaceIsCheaperWhenTheInputDimensionIsBelowThePointCount() {
        CostEstimate weights = ParticleCost.estimate(1000, 100, 500, 100, 4096, Sampling.WEIGHT_SPACE,
                ParticleDraw.IID, 1000, 0, 100);
        CostEstimate fields = ParticleCost.estimate(1000, 100, 500, 100, 4096, Sampling.FIELD_SPACE,
                ParticleDraw.IID, 1000, 0, 100);
        assertThat(weights.flops()).isLessThan(fields.flops());
        assertThat(weights.memoryBytes()).isLessThan(fields.memoryBytes());
    }

    @Test
    void costGrowsLinearlyInStepsAndParticles() {
        double one = weightSpaceFlops(1000, ParticleDraw.IID, 1000);
        double twice = weightSpaceFlops(1000, ParticleDraw.IID, 2000);
        double wider = weightSpaceFlops(2000, ParticleDraw.IID, 1000);
        assertThat(twice / one).isBetween(1.9, 2.0);
        assertThat(wider / one).isBetween(1.9, 2.01);
    }

    /**
     * M = 1000 particles in 4 groups of 250, D = 50. Orthogonal: 5 blocks of 50 rows per group, each
     * C(50, 2) = 1225 pairs at 2 passes x (2 D + 2 D) = 400 flops: 4 x 5 x 1225 x 400 = 9.8e6.
     * Orthogonal-antithetic: blocks of 100 rows, the first 50 orthogonalised: 2 full blocks and a tail
     * of 50 rows with 25 orthogonalised, 4 x (2 x 1225 + 300) x 400 = 4.4e6.
     */
    @Test
    void structuredDrawsAddTheirGramSchmidt() {
        double iid = weightSpaceFlops(1000, ParticleDraw.IID, 1000);
        assertThat(weightSpaceFlops(1000, ParticleDraw.ANTITHETIC, 1000)).isEqualTo(iid);
        assertThat(weightSpaceFlops(1000, ParticleDraw.ORTHOGONAL, 1000) - iid).isCloseTo(9.8e6,
                org.assertj.core.data.Offset.offset(1.0));
        assertThat(weightSpaceFlops(1000, ParticleDraw.ORTHOGONAL_ANTITHETIC, 1000) - iid).isCloseTo(4.4e6,
                org.assertj.core.data.Offset.offset(1.0));
    }

    private static double weightSpaceFlops(int particles, ParticleDraw draw, long sourceSteps) {
        return ParticleCost.estimate(500, 50, 0, 50, particles, Sampling.WEIGHT_SPACE, draw, sourceSteps, 0, 1000)
                .flops();
    }
}
