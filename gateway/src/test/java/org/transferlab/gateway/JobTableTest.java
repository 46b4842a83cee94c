package org.transferlab.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.EngineVersion;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;

class JobTableTest {
    private final List<JsonObject> published = new ArrayList<>();
    private final JobTable table = new JobTable(published::add);
    private static final String ID = "tl-0123456789abcdef01234567";

    private static JobResult result() {
        return new JobResult(ID, null, EngineVersion.CURRENT, 1, 2, "w", null, List.of(), List.of());
    }

    private List<String> kinds() {
        return published.stream().map(m -> m.getString("kind").equals("result") ? "result"
                : m.getJsonObject("event").getString("type")).toList();
    }

    @Test
    void completedWaitsForItsResult() {
        table.onEvent(JobEvent.accepted(ID, null));
        table.onEvent(JobEvent.started(ID, "w"));
        table.onEvent(JobEvent.completed(ID, "w")); // came in before the result (other topic)
        assertThat(table.get(ID).state).isEqualTo(JobState.RUNNING);
        table.onResult(result(), true);
        assertThat(table.get(ID).state).isEqualTo(JobState.COMPLETED);
        assertThat(kinds()).containsExactly("ACCEPTED", "STARTED", "result", "COMPLETED");
    }

    @Test
    void aSecondResultForTheSameJobIsNeitherStoredNorAnnounced() {
        table.onResult(result(), true);
        JobResult duplicate = new JobResult(ID, null, EngineVersion.CURRENT, 3, 4, "other", null, List.of(), List.of());
        table.onResult(duplicate, true);
        assertThat(table.get(ID).result.worker()).isEqualTo("w");
        assertThat(kinds()).containsExactly("result");
    }

    @Test
    void replayedResultsMakeCompletedJobsSilently() {
        table.onResult(result(), false);
        assertThat(table.get(ID).state).isEqualTo(JobState.COMPLETED);
        assertThat(published).isEmpty();
        table.onEvent(JobEvent.progress(ID, "w", "late", 0.5, null)); // a stored result stands
        assertThat(table.get(ID).state).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void failureCarriesCodeAndAllowsResubmission() {
        table.onEvent(JobEvent.failed(ID, "w", FailureCode.NAN_DETECTED, "NaN in theory solve"));
        assertThat(table.get(ID).state).isEqualTo(JobState.FAILED);
        assertThat(table.get(ID).summary().getJsonObject("error").getString("code")).isEqualTo("NAN_DETECTED");
        table.submitted(ID, "again", 5);
        assertThat(table.get(ID).state).isEqualTo(JobState.ACCEPTED);
    }

    @Test
    void countsByStateAndRemembersWhenTheRunStarted() {
        String other = "tl-89abcdef0123456789abcdef";
        table.onEvent(JobEvent.accepted(ID, null));
        table.onEvent(JobEvent.accepted(other, null));
        assertThat(table.get(ID).startedAt).isNull();
        JobEvent started = JobEvent.started(ID, "w");
        table.onEvent(started);
        assertThat(table.get(ID).startedAt).isEqualTo(started.time());
        assertThat(table.countByState()).containsEntry(JobState.RUNNING, 1L).containsEntry(JobState.ACCEPTED, 1L)
                .doesNotContainKey(JobState.COMPLETED);
        table.onResult(result(), true);
        assertThat(table.countByState()).containsEntry(JobState.COMPLETED, 1L).containsEntry(JobState.ACCEPTED, 1L)
                .doesNotContainKey(JobState.RUNNING);
        table.submitted(ID, "again", 5); // a new run forgets the old start
        assertThat(table.get(ID).startedAt).isNull();
    }
}
