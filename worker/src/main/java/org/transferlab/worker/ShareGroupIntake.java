package org.transferlab.worker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.protocol.Topics;

/**
 * Jobs through the share group {@code transfer-worker-queue}: the broker hands each record to any
 * member that asks, whatever its partition, so an idle worker takes the next job while another
 * computes a long one, and more workers than partitions all compute. Each computing slot is one
 * {@link ShareLane} (a share consumer on its own thread that takes one job at a time).
 */
final class ShareGroupIntake implements JobIntake {
    private final Vertx vertx;
    private final KafkaSettings kafka;
    private final WorkerOptions options;
    private final JobPipeline pipeline;
    private final List<ShareLane> lanes = new ArrayList<>();

    ShareGroupIntake(Vertx vertx, KafkaSettings kafka, WorkerOptions options, JobPipeline pipeline) {
        this.vertx = vertx;
        this.kafka = kafka;
        this.options = options;
        this.pipeline = pipeline;
    }

    @Override
    public Future<Void> start() {
        Context context = vertx.getOrCreateContext();
        return vertx.executeBlocking(() -> {
            ShareGroupSetup.ensure(kafka, Topics.WORKER_SHARE_GROUP);
            return null;
        }).onSuccess(v -> {
            for (int i = 1; i <= options.concurrency(); i++) {
                ShareLane lane = new ShareLane(kafka, options, i, context, pipeline);
                lanes.add(lane);
                lane.start();
            }
        }).mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        lanes.forEach(ShareLane::stopTaking);
        return vertx.executeBlocking(() -> {
            for (ShareLane lane : lanes) {
                lane.awaitClosed();
            }
            return null;
        }, false).mapEmpty();
    }
}
