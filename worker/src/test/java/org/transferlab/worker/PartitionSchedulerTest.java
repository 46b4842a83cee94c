package org.transferlab.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionSchedulerTest {
    /** A record of the test: its partition and a name. */
    private record Rec(int partition, String name) {
    }

    private final PartitionScheduler<Rec> scheduler = new PartitionScheduler<>(2, Rec::partition);

    @Test
    void oneRecordPerPartitionAtATimeInOffsetOrder() {
        Rec a1 = new Rec(0, "a1");
        Rec a2 = new Rec(0, "a2");
        assertThat(scheduler.add(a1)).as("first record pauses its partition").isTrue();
        assertThat(scheduler.add(a2)).isFalse();
        assertThat(scheduler.startable()).containsExactly(a1);
        assertThat(scheduler.startable()).as("a2 waits behind a1").isEmpty();
        assertThat(scheduler.finished(a1)).as("a2 still queued: partition stays paused").isFalse();
        assertThat(scheduler.startable()).containsExactly(a2);
        assertThat(scheduler.finished(a2)).as("drained: resume").isTrue();
        assertThat(scheduler.idle()).isTrue();
    }

    @Test
    void noMorePartitionsAtOnceThanTheConcurrency() {
        Rec a = new Rec(0, "a");
        Rec b = new Rec(1, "b");
        Rec c = new Rec(2, "c");
        List.of(a, b, c).forEach(scheduler::add);
        assertThat(scheduler.startable()).containsExactly(a, b);
        assertThat(scheduler.startable()).isEmpty();
        scheduler.finished(b);
        assertThat(scheduler.startable()).containsExactly(c);
    }

    @Test
    void aJobWaitingOutABackOffFreesItsSlot() {
        Rec a = new Rec(0, "a");
        Rec b = new Rec(1, "b");
        Rec c = new Rec(2, "c");
        List.of(a, b, c).forEach(scheduler::add);
        assertThat(scheduler.startable()).containsExactly(a, b);
        scheduler.backingOff(true);
        assertThat(scheduler.startable()).containsExactly(c);
        scheduler.backingOff(false);
        scheduler.finished(c);
        assertThat(scheduler.startable()).as("a, b and nothing else in flight").isEmpty();
    }

    @Test
    void aRevokedPartitionKeepsOnlyItsRecordInFlight() {
        Rec a1 = new Rec(0, "a1");
        Rec a2 = new Rec(0, "a2");
        Rec b1 = new Rec(1, "b1");
        List.of(a1, a2, b1).forEach(scheduler::add);
        assertThat(scheduler.startable()).containsExactly(a1, b1);
        scheduler.finished(b1);
        scheduler.add(new Rec(1, "b2"));
        scheduler.revoke(List.of(0, 1));
        assertThat(scheduler.holds(0)).as("a1 still computing").isTrue();
        assertThat(scheduler.holds(1)).as("b2 dropped: the new owner reads it").isFalse();
        assertThat(scheduler.finished(a1)).isTrue();
        assertThat(scheduler.startable()).as("a2 was dropped too").isEmpty();
    }
}
