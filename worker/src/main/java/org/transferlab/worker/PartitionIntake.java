package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.protocol.Topics;

/**
 * Jobs through the consumer group {@code transfer-workers}: each worker owns some partitions and works
 * on each in offset order ({@link PartitionScheduler}). A partition with pending work is paused (the
 * consumer keeps polling, so a long job never exceeds {@code max.poll.interval.ms}); its offset is
 * committed only after the job's result (or its failure) is published. The commit is queued, not
 * waited for: a crash before it reruns the job, which finds its result published. Transient failures
 * are retried here by {@link RetryPolicy}.
 */
final class PartitionIntake implements JobIntake {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionIntake.class);
    /**
     * Kafka's default of 45 s would leave a killed worker's partitions (and the job it was computing)
     * unowned for that long; the heartbeat runs on the client's own thread, so a long computation
     * never delays it and 10 s is safe.
     */
    private static final int SESSION_TIMEOUT_MS = 10_000;
    /**
     * A partition resumed after its job is fetched only by the next poll, and a fetch in flight while a
     * partition is paused does not ask for it: with Kafka's and Vert.x's defaults (500 ms, 1 s) every
     * queued job waited that long. A short poll costs an idle consumer a few requests per second.
     */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(20);
    private static final int FETCH_MAX_WAIT_MS = 20;
    private static final long STOP_GRACE_MS = 10_000;

    private final Vertx vertx;
    private final KafkaSettings kafka;
    private final WorkerOptions options;
    private final JobPipeline pipeline;
    private final PartitionScheduler<KafkaConsumerRecord<String, byte[]>> scheduler;
    private KafkaConsumer<String, byte[]> consumer;
    private volatile Set<Integer> assigned = Set.of();
    private volatile int partitionChanges;
    private boolean stopping;
    private Promise<Void> idle;

    PartitionIntake(Vertx vertx, KafkaSettings kafka, WorkerOptions options, JobPipeline pipeline) {
        this.vertx = vertx;
        this.kafka = kafka;
        this.options = options;
        this.pipeline = pipeline;
        this.scheduler = new PartitionScheduler<>(options.concurrency(), KafkaConsumerRecord::partition);
    }

    @Override
    public Set<Integer> assignedPartitions() {
        return assigned;
    }

    @Override
    public int partitionChanges() {
        return partitionChanges;
    }

    @Override
    public Future<Void> start() {
        Map<String, String> cfg = kafka.consumer(Topics.WORKER_GROUP, options.name(), "earliest");
        cfg.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
        cfg.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        cfg.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(SESSION_TIMEOUT_MS));
        if (options.maxPollIntervalMs() > 0) {
            cfg.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(options.maxPollIntervalMs()));
        }
        cfg.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(FETCH_MAX_WAIT_MS));
        consumer = KafkaConsumer.create(vertx, cfg, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.pollTimeout(POLL_TIMEOUT);
        consumer.exceptionHandler(e -> {
            if (!stopping) {
                LOG.warn("worker consumer: {}", e.toString());
            }
        });
        consumer.partitionsAssignedHandler(this::onAssigned);
        consumer.partitionsRevokedHandler(this::onRevoked);
        consumer.handler(this::enqueue);
        return consumer.subscribe(Topics.JOBS);
    }

    private void onAssigned(Set<TopicPartition> tps) {
        if (!tps.isEmpty()) {
            partitionChanges++;
        }
        Set<Integer> now = new TreeSet<>(assigned);
        tps.forEach(tp -> now.add(tp.getPartition()));
        assigned = Set.copyOf(now);
        // a partition given back while we still hold work from it stays paused until that work is done
        for (TopicPartition tp : tps) {
            if (scheduler.holds(tp.getPartition())) {
                consumer.pause(tp);
            }
        }
    }

    private void onRevoked(Set<TopicPartition> tps) {
        if (!tps.isEmpty()) {
            partitionChanges++;
        }
        Set<Integer> now = new TreeSet<>(assigned);
        tps.forEach(tp -> now.remove(tp.getPartition()));
        scheduler.revoke(tps.stream().map(TopicPartition::getPartition).toList());
        assigned = Set.copyOf(now);
    }

    private void enqueue(KafkaConsumerRecord<String, byte[]> record) {
        if (scheduler.add(record)) {
            consumer.pause(new TopicPartition(Topics.JOBS, record.partition()));
        }
        schedule();
    }

    private void schedule() {
        if (stopping) {
            if (scheduler.idle() && idle != null) {
                idle.tryComplete();
            }
            return;
        }
        // started after the scheduler picked them: a record may finish synchronously and change its queues
        List<KafkaConsumerRecord<String, byte[]>> start = scheduler.startable();
        for (KafkaConsumerRecord<String, byte[]> record : start) {
            JobRecord job = new JobRecord(record.partition(), record.offset(), record.key(), record.value(), 1, false);
            pipeline.handle(job, options.retry(), waiting -> {
                        scheduler.backingOff(waiting);
                        if (waiting) {
                            schedule();
                        }
                    })
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            // committed all the same: a record that cannot be published would stop its partition
                            LOG.error("record {} could not be handled: {}", job.origin(), ar.cause().toString());
                        }
                        if (ar.failed() || ar.result() != JobOutcome.HANDED_BACK) {
                            commit(record); // not waited for: the partition's next job needs nothing from it
                        }
                        finished(record);
                    });
        }
    }

    private void commit(KafkaConsumerRecord<String, byte[]> record) {
        if (!assigned.contains(record.partition())) {
            return; // revoked meanwhile: the new owner decides
        }
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        consumer.commit(Map.of(tp, new OffsetAndMetadata(record.offset() + 1, options.name())))
                .onFailure(err -> LOG.warn("commit of {}@{} failed: {}", tp, record.offset(), err.toString()));
    }

    private void finished(KafkaConsumerRecord<String, byte[]> record) {
        int p = record.partition();
        if (scheduler.finished(record) && assigned.contains(p) && !stopping) {
            consumer.resume(new TopicPartition(Topics.JOBS, p));
        }
        schedule();
    }

    @Override
    public Future<Void> stop() {
        stopping = true;
        idle = Promise.promise();
        if (scheduler.idle()) {
            idle.tryComplete();
        }
        long timer = vertx.setTimer(STOP_GRACE_MS, t -> idle.tryComplete());
        return idle.future().compose(v -> {
            vertx.cancelTimer(timer);
            if (consumer == null) {
                return Future.succeededFuture();
            }
            consumer.pause();
            return consumer.close();
        });
    }
}
