package org.transferlab.protocol.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.transferlab.protocol.FailureCode;

/**
 * One lifecycle or progress event of a job.
 *
 * @param jobId    the job
 * @param type     what happened
 * @param time     epoch milliseconds when it happened
 * @param phase    what is being computed (progress, started)
 * @param progress overall completion in [0, 1]
 * @param etaMs    estimated milliseconds left (progress), when known
 * @param message  human-readable detail (failure reason, worker name ...)
 * @param code     reason code of a failed or cancelled job
 * @param worker   which worker emitted the event
 * @param cost     estimated cost (accepted)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(String jobId, EventType type, long time, String phase, Double progress, Long etaMs,
                       String message, FailureCode code, String worker, CostEstimate cost) {

    public static JobEvent accepted(String jobId, CostEstimate cost) {
        return new JobEvent(jobId, EventType.ACCEPTED, System.currentTimeMillis(), null, 0.0, null, null, null,
                null, cost);
    }

    public static JobEvent started(String jobId, String worker) {
        return new JobEvent(jobId, EventType.STARTED, System.currentTimeMillis(), null, 0.0, null, null, null,
                worker, null);
    }

    public static JobEvent progress(String jobId, String worker, String phase, double progress, Long etaMs) {
        return new JobEvent(jobId, EventType.PROGRESS, System.currentTimeMillis(), phase, progress, etaMs, null,
                null, worker, null);
    }

    public static JobEvent completed(String jobId, String worker) {
        return new JobEvent(jobId, EventType.COMPLETED, System.currentTimeMillis(), null, 1.0, null, null, null,
                worker, null);
    }

    /** A duplicate of a job whose result was already published: it ends without being computed again. */
    public static JobEvent completedEarlier(String jobId, String worker) {
        return new JobEvent(jobId, EventType.COMPLETED, System.currentTimeMillis(), null, 1.0, null,
                "result already published; not computed again", null, worker, null);
    }

    /**
     * A job computed here whose result was found on the topic when this one was to be published (another
     * worker computed it at the same time): that result stands and this one is dropped.
     */
    public static JobEvent completedElsewhere(String jobId, String worker) {
        return new JobEvent(jobId, EventType.COMPLETED, System.currentTimeMillis(), null, 1.0, null,
                "computed here too, but a result for this job was published first and stands", null, worker, null);
    }

    public static JobEvent failed(String jobId, String worker, FailureCode code, String message) {
        return new JobEvent(jobId, code == FailureCode.CANCELLED ? EventType.CANCELLED : EventType.FAILED,
                System.currentTimeMillis(), null, null, null, message, code, worker, null);
    }
}
