package org.transferlab.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link JobOwners} writes for each change, and that a replay of those records rebuilds the same owners. */
class JobOwnersTest {
    private final List<Map.Entry<String, byte[]>> written = new ArrayList<>();
    private final JobOwners owners = new JobOwners((id, value) -> {
        written.add(new AbstractMap.SimpleEntry<>(id, value));
        return Future.succeededFuture();
    });

    @Test
    void aReplayOfTheWrittenRecordsRebuildsSubmittersAndWithdrawals() {
        owners.submitted("j1", "alice", true);
        owners.submitted("j1", "bob", false);
        owners.submitted("j1", "bob", false); // nothing new: nothing written
        assertThat(owners.withdraw("j1", "bob")).isEqualTo(JobOwners.Withdrawal.OTHERS_WAIT);
        owners.submitted("j2", "carol", true);
        owners.forget("j2");
        assertThat(written).extracting(Map.Entry::getKey).containsExactly("j1", "j1", "j1", "j2", "j2");
        assertThat(written.get(4).getValue()).as("a tombstone").isNull();

        JobOwners replayed = new JobOwners((id, value) -> Future.succeededFuture());
        written.forEach(e -> replayed.restore(e.getKey(), e.getValue()));
        assertThat(replayed.submitters("j1")).containsExactly("alice", "bob");
        assertThat(replayed.submitters("j2")).isEmpty();
        assertThat(replayed.withdraw("j1", "carol")).isEqualTo(JobOwners.Withdrawal.NOT_A_SUBMITTER);
        assertThat(replayed.withdraw("j1", "alice")).as("bob's withdrawal was replayed")
                .isEqualTo(JobOwners.Withdrawal.LAST);
    }

    @Test
    void aFreshSubmissionEndsEarlierSubmittersInterest() {
        owners.submitted("j1", "alice", true);
        owners.submitted("j1", "bob", true); // the job starts anew (it ended without a result)
        assertThat(owners.submitters("j1")).containsExactly("bob");
        assertThat(owners.isSubmitter("j1", "alice")).isFalse();
    }
}
