package org.transferlab.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CostLimitsTest {
    private final CostEstimate cost = new CostEstimate(2e12, 3L << 30);

    @Test
    void noLimitRefusesNothing() {
        assertThat(CostLimits.NONE.isSet()).isFalse();
        assertThat(CostLimits.NONE.refusal(cost, "gateway")).isEmpty();
    }

    @Test
    void eachLimitNamesTheEstimateAndItself() {
        assertThat(new CostLimits(1e12, 0).refusal(cost, "gateway")).hasValueSatisfying(m ->
                assertThat(m).contains("estimated cost 2.00e+12 flops", "gateway's limit of 1.00e+12 flops", "OVER_LIMIT"));
        assertThat(new CostLimits(0, 1L << 30).refusal(cost, "worker")).hasValueSatisfying(m ->
                assertThat(m).contains("estimated peak memory 3221225472 bytes (3072.0 MiB)",
                        "worker's limit of 1073741824 bytes (1024.0 MiB)", "OVER_LIMIT"));
        assertThat(new CostLimits(3e12, 4L << 30).refusal(cost, "worker")).isEmpty();
    }

    @Test
    void negativeOrNaNLimitsAreRefused() {
        assertThatThrownBy(() -> new CostLimits(-1, 0)).hasMessageContaining("max flops -1");
        assertThatThrownBy(() -> new CostLimits(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CostLimits(0, -5)).hasMessageContaining("max memory -5 bytes");
    }
}
