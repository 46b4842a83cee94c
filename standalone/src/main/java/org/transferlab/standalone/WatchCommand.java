package org.transferlab.standalone;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code transferlab watch}: a job's events with the progress bar until it ends. */
@Command(name = "watch", description = "Follow a job's events until it ends; exit code like run.")
final class WatchCommand implements Callable<Integer> {
    @Mixin JobAtGateway job;

    @Override
    public Integer call() throws Exception {
        JobFollower.Outcome o = new JobFollower(job.client(), System.err, Main.stderrIsTty()).follow(job.id);
        if (o.completed()) {
            System.err.println("job " + job.id + " completed");
            return Main.OK;
        }
        System.err.println("job " + job.id + " " + o.state() + ": " + o.failure());
        return Main.JOB_FAILED;
    }
}
