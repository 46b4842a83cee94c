package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.engine.linalg.Lapack;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.TopicSetup;

/**
 * A worker: takes jobs from {@code transfer.jobs} ({@link ShareGroupIntake} by default,
 * {@link PartitionIntake} when asked), computes them with the engine on a dedicated pool of
 * {@code concurrency} threads ({@link JobPipeline}) and publishes events, results and dead letters
 * ({@link JobPublisher}). A {@link CancelWatcher} cancels a running job wherever its cancel arrives.
 *
 * <p>Stopping interrupts what is in flight (within the engine's cancellation latency) and hands it
 * back to the queue unpublished, so that another worker runs it.
 */
public final class WorkerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);

    private final WorkerOptions options;
    private final JobComputation computation;
    private final PublishedResults results = new PublishedResults();
    private JobPipeline pipeline;
    private CancelWatcher cancels;
    private JobPublisher publisher;
    private JobIntake intake;
    private WorkerExecutor pool;

    public WorkerVerticle(WorkerOptions options) {
        this(options, JobComputation.engine());
    }

    /** With another computation: only tests that need controllable timing use this. */
    public WorkerVerticle(WorkerOptions options, JobComputation computation) {
        this.options = options;
        this.computation = computation;
    }

    public String name() {
        return options.name();
    }

    /** Partitions of transfer.jobs this worker owns (the partitions queue only; any thread). */
    public Set<Integer> assignedPartitions() {
        return intake == null ? Set.of() : intake.assignedPartitions();
    }

    /** Jobs this worker computed to a result since it started (any thread). */
    public int completedJobs() {
        return pipeline == null ? 0 : pipeline.completedJobs();
    }

    /** Results on transfer.results this worker ignored for want of a valid signature (any thread). */
    public long forgedRecords() {
        return results.forgedRecords();
    }

    /** Rebalances that gave this worker partitions or took some away (the partitions queue only; any thread). */
    public int partitionChanges() {
        return intake == null ? 0 : intake.partitionChanges();
    }

    @Override
    public Future<?> start() {
        KafkaSettings kafka = new KafkaSettings(options.bootstrap());
        pool = vertx.createSharedWorkerExecutor("transferlab-engine-" + options.name(), options.concurrency(),
                7, TimeUnit.DAYS);
        return vertx.executeBlocking(() -> {
            TopicSetup.ensure(kafka, options.jobPartitions());
            return BlasInfo.describe();
        }).compose(blas -> {
            publisher = new JobPublisher(KafkaProducer.create(vertx, kafka.producer(options.name()),
                    new StringSerializer(), new ByteArraySerializer()), options.name(), options.signer());
            cancels = new CancelWatcher(jobId -> pipeline.cancel(jobId));
            pipeline = new JobPipeline(vertx, options, computation, publisher,
                    new FencedResultPublisher(vertx, kafka, publisher, results), cancels, results, pool, blas);
            intake = options.queue() == QueueMode.SHARE ? new ShareGroupIntake(vertx, kafka, options, pipeline)
                    : new PartitionIntake(vertx, kafka, options, pipeline);
            return cancels.start(vertx, kafka, options.name() + "-cancels")
                    .compose(v -> results.start(vertx, kafka, options.name() + "-results", options.signer()))
                    .compose(v -> intake.start())
                    .onSuccess(v -> LOG.info("worker {} started ({} queue, concurrency {}, BLAS {}, Cholesky {})",
                            options.name(), options.queue().name().toLowerCase(java.util.Locale.ROOT),
                            options.concurrency(), blas, Lapack.isNative() ? "native LAPACK" : "EJML"));
        });
    }

    @Override
    public Future<?> stop() {
        if (pipeline != null) {
            pipeline.stop();
        }
        Future<Void> taking = intake == null ? Future.succeededFuture() : intake.stop();
        return taking
                .eventually(() -> Future.join(cancels == null ? Future.succeededFuture() : cancels.close(),
                        results.close()))
                .eventually(() -> publisher == null ? Future.succeededFuture() : publisher.close())
                .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    }
}
