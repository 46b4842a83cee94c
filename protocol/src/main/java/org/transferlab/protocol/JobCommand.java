package org.transferlab.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * A record on {@code transfer.jobs}. A plain spec (as any Kafka client may write) is a submit; the
 * envelope form says which command it is: {@code {"command":"submit","spec":{...}}} or
 * {@code {"command":"cancel","jobId":"tl-..."}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobCommand(Kind command, String jobId, ExperimentSpec spec) {
    public enum Kind {
        @com.fasterxml.jackson.annotation.JsonProperty("submit") SUBMIT,
        @com.fasterxml.jackson.annotation.JsonProperty("cancel") CANCEL
    }

    public static JobCommand submit(String jobId, ExperimentSpec spec) {
        return new JobCommand(Kind.SUBMIT, jobId, spec);
    }

    public static JobCommand cancel(String jobId) {
        return new JobCommand(Kind.CANCEL, jobId, null);
    }
}
