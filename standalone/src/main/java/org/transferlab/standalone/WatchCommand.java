package org.transferlab.standalone;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code transferlab watch}: a job's events with the progress bar until it ends. */
@Command(name = "watch", description = "Follow a job's events until it ends; exit code like run.")
final class WatchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB-ID") String jobId;
    @Mixin GatewayUrl gateway;

    @Override
    public Integer call() throws Exception {
        JobFollower.Outcome o = new JobFollower(gateway.client(), System.err, Main.stderrIsTty())
                .follow(jobId);
        if (o.completed()) {
            System.err.println("job " + jobId + " completed");
            return Main.OK;
        }
        System.err.println("job " + jobId + " " + o.state() + ": " + o.failure());
        return Main.JOB_FAILED;
    }
}
