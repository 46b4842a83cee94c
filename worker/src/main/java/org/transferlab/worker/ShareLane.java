package org.transferlab.worker;

import io.vertx.core.Context;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.protocol.Topics;

/**
 * One computing slot of a worker in the share group: a {@link KafkaShareConsumer} on its own thread
 * (Vert.x has no share consumer) that acquires one record at a time, hands it to the pipeline on the
 * verticle's context and acknowledges it when the pipeline is done: ACCEPT when it ended (result or
 * failure published), REJECT when it went to the dead-letter topic, RELEASE when it failed
 * transiently or this worker is stopping. While the job computes, the lane renews the record's
 * acquisition lock (RENEW) every third of the lock's duration, so that no other worker takes it over.
 *
 * <p>Why one consumer per slot: in explicit acknowledgement mode a consumer fetches new records only
 * once every record of its previous fetch is acknowledged, so a consumer holding a long job could not
 * take a second one; and with one record per fetch ({@code record_limit}) a busy slot never holds a
 * job that another worker could start.
 */
final class ShareLane {
    private static final Logger LOG = LoggerFactory.getLogger(ShareLane.class);
    /** How long an idle lane waits in one poll; a stop wakes it at once. */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** Wait after an unexpected error of the consumer before polling again. */
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
    /** Polls that bring a renewed record back after its renewal: each waits at most RENEW_POLL. */
    private static final int RENEW_POLLS = 50;
    private static final Duration RENEW_POLL = Duration.ofMillis(100);

    private final KafkaShareConsumer<String, byte[]> consumer;
    private final Context context;
    private final JobPipeline pipeline;
    /** Deliveries of one record at most, counting the first: the last one fails the job for good. */
    private final int maxDeliveries;
    private final Thread thread;
    private volatile boolean stopping;

    ShareLane(KafkaSettings kafka, WorkerOptions options, int index, Context context, JobPipeline pipeline) {
        this.context = context;
        this.pipeline = pipeline;
        this.maxDeliveries = options.retry().retries() + 1;
        Map<String, Object> cfg = new HashMap<>(kafka.consumer(Topics.WORKER_SHARE_GROUP,
                options.name() + "-lane-" + index, "earliest"));
        // share consumers have no offsets, no reset policy of their own (the group's is set by
        // ShareGroupSetup) and no auto commit; their acknowledgements are explicit
        cfg.remove(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
        cfg.remove(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
        cfg.remove(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        cfg.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        cfg.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        cfg.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        this.consumer = new KafkaShareConsumer<>(cfg, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "transferlab-share-" + options.name() + "-" + index);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Takes no further job; a job in flight ends as the pipeline decides (it was stopped first). */
    void stopTaking() {
        stopping = true;
        consumer.wakeup();
    }

    /** Blocks until the lane has acknowledged what it holds and closed its consumer. */
    void awaitClosed() throws InterruptedException {
        thread.join(ACK_TIMEOUT.plus(CLOSE_TIMEOUT).toMillis() + 5_000);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.JOBS));
            while (!stopping) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(IDLE_POLL)) {
                        acknowledge(record, stopping ? AcknowledgeType.RELEASE : process(record));
                    }
                } catch (WakeupException e) {
                    // a stop: the loop's condition ends it
                } catch (RuntimeException e) {
                    // a lane that died here would leave this slot idle for good: log, wait, poll again
                    LOG.warn("share consumer lane {}: {}; polling again in {} ms", thread.getName(), e.toString(),
                            ERROR_PAUSE.toMillis());
                    pause();
                }
            }
        } finally {
            close();
        }
    }

    private void pause() {
        try {
            Thread.sleep(ERROR_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private AcknowledgeType process(ConsumerRecord<String, byte[]> record) {
        int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
        JobRecord job = new JobRecord(record.partition(), record.offset(), record.key(), record.value(), delivery,
                delivery < maxDeliveries);
        CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        context.runOnContext(v -> pipeline.handle(job, RetryPolicy.NONE, JobPipeline.BackOffListener.NONE)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        outcome.complete(ar.result());
                    } else {
                        outcome.completeExceptionally(ar.cause());
                    }
                }));
        while (true) {
            try {
                return switch (outcome.get(renewEveryMs(), TimeUnit.MILLISECONDS)) {
                    case DONE -> AcknowledgeType.ACCEPT;
                    case DEAD_LETTERED -> AcknowledgeType.REJECT;
                    case RETRY, HANDED_BACK -> AcknowledgeType.RELEASE;
                };
            } catch (TimeoutException e) {
                renew(record);
            } catch (ExecutionException e) {
                // nothing could be published (Kafka unreachable): another delivery tries again
                LOG.warn("record {} could not be handled ({}); released", job.origin(), e.getCause().toString());
                return AcknowledgeType.RELEASE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return AcknowledgeType.RELEASE;
            }
        }
    }

    /** A third of the lock's duration: two renewals may be lost before the lock runs out. */
    private long renewEveryMs() {
        return consumer.acquisitionLockTimeoutMs().orElse(ShareGroupSetup.LOCK_DURATION_MS) / 3;
    }

    /**
     * Extends the record's lock. The renewal goes out with a commit (not a fetch, which would acquire
     * another record this busy lane cannot start); a poll then takes the renewed record back into the
     * consumer's in-flight set, where it must be for its final acknowledgement.
     */
    private void renew(ConsumerRecord<String, byte[]> record) {
        try {
            consumer.acknowledge(record, AcknowledgeType.RENEW);
            commit();
            for (int i = 0; i < RENEW_POLLS; i++) {
                for (ConsumerRecord<String, byte[]> back : consumer.poll(RENEW_POLL)) {
                    if (back.partition() == record.partition() && back.offset() == record.offset()) {
                        return;
                    }
                    LOG.warn("lane {} got {}@{} while renewing; released", thread.getName(), back.partition(),
                            back.offset());
                    consumer.acknowledge(back, AcknowledgeType.RELEASE);
                }
            }
            LOG.warn("lock renewal of {}@{} not confirmed", record.partition(), record.offset());
        } catch (WakeupException e) {
            // a stop: the final acknowledgement follows as soon as the pipeline hands the record back
        } catch (RuntimeException e) {
            LOG.warn("lock renewal of {}@{} failed: {}", record.partition(), record.offset(), e.toString());
        }
    }

    private void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        try {
            consumer.acknowledge(record, type);
            commit();
        } catch (RuntimeException e) {
            LOG.warn("acknowledging {}@{} as {} failed ({}); its lock runs out and it is delivered again",
                    record.partition(), record.offset(), type, e.toString());
        }
    }

    /**
     * Sends the acknowledgements now rather than with the next fetch (a released job is available to
     * others at once); a stop that wakes the commit does not cancel it.
     */
    private void commit() {
        try {
            consumer.commitSync(ACK_TIMEOUT);
        } catch (WakeupException e) {
            consumer.commitSync(ACK_TIMEOUT);
        }
    }

    private void close() {
        try {
            consumer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debug("closing share consumer: {}", e.toString());
        }
    }
}
