package org.transferlab.protocol.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * The stored outcome of a job, as published (compacted, key = job id) on {@code transfer.results} and
 * written to {@code result.json}.
 *
 * @param jobId         content-derived id
 * @param spec          the spec with defaults applied
 * @param engineVersion version of the numbers
 * @param startedAt     epoch ms when computation started
 * @param finishedAt    epoch ms when it finished
 * @param worker        who computed it
 * @param blas          which matrix-product implementation ran (native OpenBLAS or pure Java)
 * @param notes         honest remarks about the run (sizes reduced from the paper's, conventions used)
 * @param rows          the tidy table
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResult(String jobId, ExperimentSpec spec, String engineVersion, long startedAt, long finishedAt,
                        String worker, String blas, List<String> notes, List<ResultRow> rows) {

    public long durationMs() {
        return finishedAt - startedAt;
    }
}
