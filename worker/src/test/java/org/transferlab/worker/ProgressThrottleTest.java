package org.transferlab.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressThrottleTest {
    @Test
    void emitsAtMostEvery250MsAndAtLeastEvery2s() {
        ProgressThrottle t = new ProgressThrottle(0);
        assertThat(t.shouldEmit(100, "a", 0.1)).isFalse();   // too soon
        assertThat(t.shouldEmit(250, "a", 0.1)).isTrue();
        assertThat(t.shouldEmit(400, "a", 0.2)).isFalse();   // moved, but within 250 ms
        assertThat(t.shouldEmit(500, "a", 0.2)).isTrue();
        assertThat(t.shouldEmit(1000, "a", 0.2)).isFalse();  // nothing moved
        assertThat(t.shouldEmit(2500, "a", 0.2)).isTrue();   // heartbeat after 2 s
    }

    @Test
    void etaExtrapolatesLinearly() {
        ProgressThrottle t = new ProgressThrottle(1000);
        assertThat(t.etaMs(2000, 0.25)).isEqualTo(3000L);
        assertThat(t.etaMs(2000, 0.0)).isNull();
        assertThat(t.etaMs(2000, 1.0)).isZero();
    }
}
