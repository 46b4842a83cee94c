package org.transferlab.standalone;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code transferlab cancel}: asks a running gateway to cancel a job. */
@Command(name = "cancel", description = "Cancel a job through a running gateway.")
final class CancelCommand implements Callable<Integer> {
    @Mixin JobAtGateway job;

    @Override
    public Integer call() throws Exception {
        GatewayClient.Reply r = job.client().cancel(job.id);
        System.err.println("HTTP " + r.status() + ": " + r.body());
        // 200: this submitter's interest is withdrawn while others still want the job
        return r.status() == 202 || r.status() == 200 ? Main.OK
                : r.status() == 409 || r.status() == 404 || r.status() == 403 ? Main.JOB_FAILED : Main.UNAVAILABLE;
    }
}
