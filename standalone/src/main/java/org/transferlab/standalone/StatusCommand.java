package org.transferlab.standalone;

import java.util.concurrent.Callable;
import org.transferlab.protocol.spec.SpecJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code transferlab status}: a job's status document from a running gateway. */
@Command(name = "status", description = "Print a job's status (JSON) from a running gateway.")
final class StatusCommand implements Callable<Integer> {
    @Mixin JobAtGateway job;

    @Override
    public Integer call() throws Exception {
        GatewayClient.Reply r = job.client().status(job.id);
        System.out.println(r.body() == null ? "" : SpecJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(r.body()));
        return r.status() == 200 ? Main.OK : r.status() == 404 ? Main.JOB_FAILED : Main.UNAVAILABLE;
    }
}
