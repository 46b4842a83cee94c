package org.transferlab.engine.theory.dmft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.transferlab.protocol.event.CostEstimate;

class ParticleCostTest {
    @Test
    void typicalRunIsDominatedByTheTwoProductsPerStep() {
        // M = 4096, P1 = 1000, D = 100: 4 M P1 D = 1.6 GFLOP per source step in weight space
        CostEstimate c = ParticleCost.estimate(1000, 100, 500, 100, 4096, Sampling.AUTO, 1000, 1000, 100);
        assertThat(c.flops()).isBetween(1.6e12, 2.2e12);
        assertThat(c.memoryBytes()).isBetween(8L * 2 * 4096 * 100, 400_000_000L);
    }

    @Test
    void weightSpaceIsCheaperWhenTheInputDimensionIsBelowThePointCount() {
        CostEstimate weights = ParticleCost.estimate(1000, 100, 500, 100, 4096, Sampling.WEIGHT_SPACE, 1000, 0, 100);
        CostEstimate fields = ParticleCost.estimate(1000, 100, 500, 100, 4096, Sampling.FIELD_SPACE, 1000, 0, 100);
        assertThat(weights.flops()).isLessThan(fields.flops());
        assertThat(weights.memoryBytes()).isLessThan(fields.memoryBytes());
    }

    @Test
    void costGrowsLinearlyInStepsAndParticles() {
        double one = ParticleCost.estimate(500, 50, 0, 50, 1000, Sampling.WEIGHT_SPACE, 1000, 0, 1000).flops();
        double twice = ParticleCost.estimate(500, 50, 0, 50, 1000, Sampling.WEIGHT_SPACE, 2000, 0, 1000).flops();
        double wider = ParticleCost.estimate(500, 50, 0, 50, 2000, Sampling.WEIGHT_SPACE, 1000, 0, 1000).flops();
        assertThat(twice / one).isBetween(1.9, 2.0);
        assertThat(wider / one).isBetween(1.9, 2.01);
    }
}
