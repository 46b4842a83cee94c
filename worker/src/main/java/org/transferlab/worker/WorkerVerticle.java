package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.experiment.CostModel;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.Records;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.protocol.CloudEvents;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.InvalidSpecException;
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/**
 * Takes jobs from {@code transfer.jobs} (group {@code transfer-workers}), computes them with the
 * engine on a dedicated worker pool and publishes events, results and dead letters.
 *
 * <p>Records of one partition are handled strictly in order, one at a time; up to
 * {@code concurrency} partitions are worked on at once. A partition with pending work is paused
 * (the consumer keeps polling, so a long job never exceeds {@code max.poll.interval.ms}); its
 * offset is committed only after the job's result (or its failure) is published; the commit is queued
 * on the consumer, not waited for, and the partition's next job starts at once.
 *
 * <p>Cancel commands travel on the same partition as the job they cancel, which is paused while that
 * job runs; a second, group-less consumer therefore watches the tail of {@code transfer.jobs} for
 * cancels only and cancels the running job at once.
 *
 * <p>Before computing, a job is skipped if its result is already published ({@link PublishedResults})
 * and refused if its estimated cost is over {@link WorkerOptions#limits()}. A transient failure is
 * retried by {@link RetryPolicy}; a partition waiting out a back-off does not hold a computing slot.
 */
public final class WorkerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);
    private static final int MAX_REMEMBERED_CANCELS = 10_000;
    private static final int MAX_ERROR_HEADER = 2000;
    /**
     * Kafka's default of 45 s would leave a killed worker's partitions (and the job it was computing)
     * unowned for that long; the heartbeat runs on the client's own thread, so a long computation
     * never delays it and 10 s is safe.
     */
    private static final int SESSION_TIMEOUT_MS = 10_000;

    private final WorkerOptions options;
    private final JobComputation computation;
    private final String source;
    private final PublishedResults results = new PublishedResults();

    private KafkaConsumer<String, byte[]> consumer;
    private KafkaConsumer<String, byte[]> cancelWatcher;
    private KafkaProducer<String, byte[]> producer;
    private WorkerExecutor pool;
    private String blas;
    /** How long one poll of transfer.jobs may block (see startConsumer). */
    static final java.time.Duration POLL_TIMEOUT = java.time.Duration.ofMillis(20);
    /** How long the broker may hold an empty fetch of transfer.jobs (see startConsumer). */
    private static final int FETCH_MAX_WAIT_MS = 20;

    /** Pending records per partition of transfer.jobs, in offset order; the head may be in flight. */
    private final Map<Integer, ArrayDeque<KafkaConsumerRecord<String, byte[]>>> queues = new HashMap<>();
    private final Set<Integer> busy = new HashSet<>();
    private final Map<String, CancellationToken> running = new HashMap<>();
    /** Cancels seen by the watcher: job id -> (partition, offset) of the cancel record. */
    private final LinkedHashMap<String, long[]> cancels = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_REMEMBERED_CANCELS;
        }
    };
    private volatile Set<Integer> assigned = Set.of();
    private boolean stopping;
    private Promise<Void> idle;
    /** Partitions whose job is waiting out a retry back-off: they hold no computing slot meanwhile. */
    private int backingOff;
    private volatile int completedJobs;
    private volatile int partitionChanges;

    public WorkerVerticle(WorkerOptions options) {
        this(options, JobComputation.engine());
    }

    /** With another computation: only tests that need controllable timing use this. */
    public WorkerVerticle(WorkerOptions options, JobComputation computation) {
        this.options = options;
        this.computation = computation;
        this.source = "/transferlab/worker/" + options.name();
    }

    public String name() {
        return options.name();
    }

    /** Partitions of transfer.jobs currently assigned to this worker (any thread). */
    public Set<Integer> assignedPartitions() {
        return assigned;
    }

    /** Jobs this worker computed to a result since it started (any thread). */
    public int completedJobs() {
        return completedJobs;
    }

    /** Results on transfer.results this worker ignored for want of a valid signature (any thread). */
    public long forgedRecords() {
        return results.forgedRecords();
    }

    /** Rebalances that gave this worker partitions or took some away, since it started (any thread). */
    public int partitionChanges() {
        return partitionChanges;
    }

    @Override
    public Future<?> start() {
        KafkaSettings kafka = new KafkaSettings(options.bootstrap());
        pool = vertx.createSharedWorkerExecutor("transferlab-engine-" + options.name(), options.concurrency(),
                7, TimeUnit.DAYS);
        return vertx.executeBlocking(() -> {
            TopicSetup.ensure(kafka, options.jobPartitions());
            return BlasInfo.describe();
        }).compose(b -> {
            blas = b;
            producer = KafkaProducer.create(vertx, kafka.producer(options.name()), new StringSerializer(),
                    new ByteArraySerializer());
            return startWatcher(kafka);
        }).compose(v -> results.start(vertx, kafka, options.name() + "-results", options.signer()))
                .compose(v -> startConsumer(kafka)).onSuccess(v ->
                LOG.info("worker {} started (concurrency {}, BLAS {}, Cholesky {})", options.name(), options.concurrency(),
                        blas, org.transferlab.engine.linalg.Lapack.isNative() ? "native LAPACK" : "EJML"));
    }

    private Future<Void> startConsumer(KafkaSettings kafka) {
        Map<String, String> cfg = kafka.consumer(Topics.WORKER_GROUP, options.name(), "earliest");
        cfg.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
        cfg.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        cfg.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(SESSION_TIMEOUT_MS));
        if (options.maxPollIntervalMs() > 0) {
            cfg.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(options.maxPollIntervalMs()));
        }
        // A fetch that is in flight while a partition is paused does not ask for that partition, and the
        // consumer sends no other fetch to the broker until it returns: with Kafka's default wait of 500 ms
        // a job arriving on a just-resumed partition waited up to half a second (p99 533 ms measured).
        cfg.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(FETCH_MAX_WAIT_MS));
        consumer = KafkaConsumer.create(vertx, cfg, new StringDeserializer(), new ByteArrayDeserializer());
        // A partition resumed after its job is fetched only by the next poll: with Vert.x's default 1 s
        // poll timeout every queued job waited up to a second (measured: 1 trivial job/s per worker,
        // p50 latency 300 ms). A short poll costs an idle consumer a few requests per second.
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

    /** Group-less consumer of the tail of transfer.jobs that reacts to cancel commands only. */
    private Future<Void> startWatcher(KafkaSettings kafka) {
        cancelWatcher = KafkaConsumer.create(vertx, kafka.consumer(null, options.name() + "-cancels", "latest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        cancelWatcher.exceptionHandler(e -> {
            if (!stopping) {
                LOG.warn("cancel watcher: {}", e.toString());
            }
        });
        cancelWatcher.handler(this::onWatchedRecord);
        return cancelWatcher.partitionsFor(Topics.JOBS).compose(infos -> {
            Set<TopicPartition> tps = new HashSet<>();
            infos.forEach(i -> tps.add(new TopicPartition(Topics.JOBS, i.getPartition())));
            return cancelWatcher.assign(tps).compose(v -> cancelWatcher.endOffsets(tps)).compose(ends -> {
                Future<Void> f = Future.succeededFuture();
                for (var e : ends.entrySet()) {
                    f = f.compose(v -> cancelWatcher.seek(e.getKey(), e.getValue()));
                }
                return f;
            });
        });
    }

    private void onWatchedRecord(KafkaConsumerRecord<String, byte[]> record) {
        String type = Records.header(record, CloudEvents.HEADER_TYPE);
        boolean maybeCancel = CloudEvents.TYPE_CANCEL.equals(type)
                || (type == null && record.value() != null && record.value().length < 4096);
        if (!maybeCancel) {
            return;
        }
        if (IncomingJob.parse(record.value()) instanceof IncomingJob.Cancel c) {
            cancels.put(c.jobId(), new long[]{record.partition(), record.offset()});
            CancellationToken token = running.get(c.jobId());
            if (token != null) {
                LOG.info("cancelling running job {}", c.jobId());
                token.cancel();
            }
        }
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
            if (queues.containsKey(tp.getPartition())) {
                consumer.pause(tp);
            }
        }
    }

    private void onRevoked(Set<TopicPartition> tps) {
        if (!tps.isEmpty()) {
            partitionChanges++;
        }
        Set<Integer> now = new TreeSet<>(assigned);
        for (TopicPartition tp : tps) {
            now.remove(tp.getPartition());
            ArrayDeque<KafkaConsumerRecord<String, byte[]>> q = queues.get(tp.getPartition());
            if (q != null) {
                // keep only the record in flight: the new owner starts from our last committed offset
                KafkaConsumerRecord<String, byte[]> head = busy.contains(tp.getPartition()) ? q.peekFirst() : null;
                q.clear();
                if (head != null) {
                    q.add(head);
                } else {
                    queues.remove(tp.getPartition());
                }
            }
        }
        assigned = Set.copyOf(now);
    }

    private void enqueue(KafkaConsumerRecord<String, byte[]> record) {
        int p = record.partition();
        ArrayDeque<KafkaConsumerRecord<String, byte[]>> q = queues.computeIfAbsent(p, k -> new ArrayDeque<>());
        if (q.isEmpty()) {
            consumer.pause(new TopicPartition(Topics.JOBS, p));
        }
        q.addLast(record);
        schedule();
    }

    private void schedule() {
        if (stopping) {
            if (busy.isEmpty() && idle != null) {
                idle.tryComplete();
            }
            return;
        }
        List<KafkaConsumerRecord<String, byte[]>> toStart = new java.util.ArrayList<>();
        for (Map.Entry<Integer, ArrayDeque<KafkaConsumerRecord<String, byte[]>>> e : queues.entrySet()) {
            if (busy.size() - backingOff >= options.concurrency()) {
                break;
            }
            if (!busy.contains(e.getKey()) && !e.getValue().isEmpty()) {
                busy.add(e.getKey());
                toStart.add(e.getValue().peekFirst());
            }
        }
        // started outside the loop: a record may finish synchronously and change the queues
        for (KafkaConsumerRecord<String, byte[]> record : toStart) {
            handle(record)
                    .recover(err -> {
                        if (err instanceof HandedBack) {
                            return Future.failedFuture(err); // not committed: the partition's next owner runs it
                        }
                        LOG.error("record {}-{}@{} could not be handled: {}", record.topic(), record.partition(),
                                record.offset(), err.toString());
                        return Future.succeededFuture();
                    })
                    // The commit is not waited for: it queues behind the consumer's poll (up to
                    // POLL_TIMEOUT) and the next job of the partition needs nothing from it (commits run
                    // in order on the consumer's thread; a crash before it reruns the job, which finds its
                    // result published and is not computed again). Measured: 14 ms per job off a batch.
                    .onSuccess(v -> commit(record))
                    .onComplete(ar -> finished(record));
        }
    }

    private Future<Void> commit(KafkaConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (!assigned.contains(record.partition())) {
            return Future.succeededFuture(); // revoked meanwhile: the new owner decides
        }
        return consumer.commit(Map.of(tp, new OffsetAndMetadata(record.offset() + 1, options.name())))
                .<Void>mapEmpty()
                .recover(err -> {
                    LOG.warn("commit of {}@{} failed: {}", tp, record.offset(), err.toString());
                    return Future.succeededFuture();
                });
    }

    private void finished(KafkaConsumerRecord<String, byte[]> record) {
        int p = record.partition();
        busy.remove(p);
        ArrayDeque<KafkaConsumerRecord<String, byte[]>> q = queues.get(p);
        if (q != null) {
            if (!q.isEmpty() && q.peekFirst() == record) {
                q.pollFirst();
            }
            if (q.isEmpty()) {
                queues.remove(p);
                if (assigned.contains(p) && !stopping) {
                    consumer.resume(new TopicPartition(Topics.JOBS, p));
                }
            }
        }
        schedule();
    }

    /** Everything one record of transfer.jobs leads to; the returned future completes when it is published. */
    private Future<Void> handle(KafkaConsumerRecord<String, byte[]> record) {
        IncomingJob job = IncomingJob.parse(record.value());
        if (job instanceof IncomingJob.Unreadable u) {
            String key = record.key();
            LOG.warn("unreadable record {}@{} (key {}): {}", record.partition(), record.offset(), key, u.message());
            return JobId.isWellFormed(key) ? refuse(record, key, FailureCode.INVALID_SPEC, u.message())
                    : deadLetter(record, key, FailureCode.INVALID_SPEC, u.message());
        }
        if (job instanceof IncomingJob.Cancel c) {
            CancellationToken token = running.get(c.jobId());
            if (token != null) {
                token.cancel();
            }
            long[] seen = cancels.get(c.jobId());
            if (seen != null && seen[0] == record.partition() && seen[1] == record.offset()) {
                cancels.remove(c.jobId());
            }
            return Future.succeededFuture();
        }
        ExperimentSpec raw = ((IncomingJob.Submit) job).spec();
        ExperimentSpec spec;
        try {
            spec = SpecValidator.validated(raw);
        } catch (InvalidSpecException e) {
            String id = JobId.of(raw);
            LOG.warn("invalid spec for job {}: {}", id, e.getMessage());
            return refuse(record, id, FailureCode.INVALID_SPEC, e.getMessage());
        }
        String jobId = JobId.of(spec);
        if (record.key() != null && !record.key().equals(jobId)) {
            LOG.info("record key {} is not the spec's job id; using {}", record.key(), jobId);
        }
        if (cancelledAfter(record, jobId)) {
            LOG.info("job {} was cancelled before it started", jobId);
            return refuse(record, jobId, FailureCode.CANCELLED, "cancelled before start");
        }
        if (running.containsKey(jobId)) {
            LOG.info("job {} is already running here; this copy is skipped", jobId);
            return Future.succeededFuture();
        }
        if (results.contains(jobId)) {
            LOG.info("job {} already has a published result; this copy is not computed again", jobId);
            return sendEvent(JobEvent.completedEarlier(jobId, options.name()));
        }
        CostEstimate cost = options.limits().isSet() ? CostModel.estimateWithoutFiles(spec) : null;
        Optional<String> refused = options.limits().refusal(cost, "worker");
        if (refused.isPresent()) {
            LOG.info("job {} refused: {}", jobId, refused.get());
            return refuse(record, jobId, FailureCode.OVER_LIMIT, refused.get());
        }
        return compute(record, jobId, spec);
    }

    /** True if a user cancelled this job after submitting this record (same partition, later offset). */
    private boolean cancelledAfter(KafkaConsumerRecord<String, byte[]> record, String jobId) {
        long[] cancel = cancels.get(jobId);
        return cancel != null && cancel[0] == record.partition() && cancel[1] > record.offset();
    }

    /**
     * A job interrupted because this worker is stopping, not because anyone cancelled it: nothing is
     * published and its offset stays uncommitted, so that the worker taking the partition over runs it.
     */
    private static final class HandedBack extends RuntimeException {
        HandedBack(String jobId) {
            super("job " + jobId + " interrupted by the worker's shutdown; left to the next owner of its partition",
                    null, false, false);
        }
    }

    private Future<Void> compute(KafkaConsumerRecord<String, byte[]> record, String jobId, ExperimentSpec spec) {
        CancellationToken token = new CancellationToken();
        running.put(jobId, token);
        long startedAt = System.currentTimeMillis();
        ProgressThrottle throttle = new ProgressThrottle(startedAt);
        AtomicReference<Object[]> latest = new AtomicReference<>(new Object[]{"starting", 0.0});
        // the started event is acknowledged before computing, so that no client sees the result before it
        return sendEvent(JobEvent.started(jobId, options.name())).transform(startedSent -> {
            long timer = vertx.setPeriodic(ProgressThrottle.MIN_GAP_MS, id -> {
                Object[] p = latest.get();
                long now = System.currentTimeMillis();
                double fraction = (Double) p[1];
                if (throttle.shouldEmit(now, (String) p[0], fraction)) {
                    sendEvent(JobEvent.progress(jobId, options.name(), (String) p[0], fraction,
                            throttle.etaMs(now, fraction)));
                }
            });
            RetryPolicy retry = options.retry();
            RetryPolicy.RetryListener backOff = (n, err, delay) -> {
                String phase = "attempt " + n + " of " + (retry.retries() + 1) + " failed (" + RetryPolicy.describe(err)
                        + "); retrying in " + delay + " ms";
                LOG.warn("job {}: {}", jobId, phase);
                latest.set(new Object[]{phase, 0.0});
                backingOff++;
                schedule();
            };
            return retry.<JobResult>run(vertx, n -> {
                        if (n > 1) {
                            backingOff--;
                        }
                        return pool.executeBlocking(() -> {
                            token.throwIfCancelled(); // cancelled during a back-off
                            return computation.run(jobId, spec, (phase, fraction) ->
                                    latest.set(new Object[]{phase, fraction}), token);
                        }, false);
                    }, backOff, token::isCancelled)
                    .onComplete(ar -> {
                        vertx.cancelTimer(timer);
                        running.remove(jobId);
                    })
                    .compose(result -> retry.run(vertx, n -> publishResult(jobId, result), (n, err, delay) ->
                            LOG.warn("job {}: publishing its result failed ({}); again in {} ms", jobId, err, delay),
                            () -> stopping))
                    .recover(err -> stopping && RetryPolicy.codeOf(err) == FailureCode.CANCELLED
                            && !cancelledAfter(record, jobId)
                            ? Future.failedFuture(new HandedBack(jobId))
                            : publishFailure(record, jobId, err));
        });
    }

    private Future<Void> publishResult(String jobId, JobResult r) {
        JobResult stamped = new JobResult(jobId, r.spec(), r.engineVersion(), r.startedAt(), r.finishedAt(),
                options.name(), r.blas() != null ? r.blas() : blas, r.notes(), r.rows());
        KafkaProducerRecord<String, byte[]> rec = Records.cloudEvent(Topics.RESULTS, jobId, SpecJson.write(stamped),
                source, CloudEvents.TYPE_RESULT);
        return producer.send(options.signer().signed(rec))
                .compose(md -> sendEvent(JobEvent.completed(jobId, options.name())))
                .onSuccess(v -> {
                    results.add(jobId);
                    completedJobs++;
                    LOG.info("job {} completed in {} ms ({} rows)", jobId, stamped.durationMs(), stamped.rows().size());
                });
    }

    private Future<Void> publishFailure(KafkaConsumerRecord<String, byte[]> record, String jobId, Throwable err) {
        FailureCode code = RetryPolicy.codeOf(err);
        String message = RetryPolicy.describe(err);
        if (code == FailureCode.RETRIES_EXHAUSTED) {
            LOG.error("job {} failed", jobId, err);
        } else {
            LOG.info("job {} ended with {}: {}", jobId, code, message);
        }
        return refuse(record, jobId, code, message);
    }

    /** The job's failed (or cancelled) event, then the record on the DLQ. */
    private Future<Void> refuse(KafkaConsumerRecord<String, byte[]> record, String jobId, FailureCode code,
                                String message) {
        return sendEvent(JobEvent.failed(jobId, options.name(), code, message))
                .compose(v -> deadLetter(record, jobId, code, message));
    }

    private Future<Void> sendEvent(JobEvent event) {
        return producer.send(options.signer().signed(Records.cloudEvent(Topics.EVENTS, event.jobId(),
                SpecJson.write(event), source, event.type().cloudEventType()))).mapEmpty();
    }

    /** The original key and value on the DLQ, with the reason code, the error and where it came from. */
    private Future<Void> deadLetter(KafkaConsumerRecord<String, byte[]> record, String jobId, FailureCode code,
                                    String error) {
        String key = record.key() != null ? record.key() : jobId;
        KafkaProducerRecord<String, byte[]> dlq = KafkaProducerRecord.create(Topics.DLQ, key, record.value());
        CloudEvents.headers(source, CloudEvents.TYPE_DLQ, jobId).forEach(dlq::addHeader);
        dlq.addHeader(CloudEvents.HEADER_REASON, code.name());
        dlq.addHeader("ce_error", error.length() > MAX_ERROR_HEADER ? error.substring(0, MAX_ERROR_HEADER) : error);
        dlq.addHeader("ce_origin", record.topic() + "/" + record.partition() + "@" + record.offset());
        return producer.send(dlq).mapEmpty();
    }

    @Override
    public Future<?> stop() {
        // interrupt what is in flight (within the engine's cancellation latency) and hand it back uncommitted
        stopping = true;
        running.values().forEach(CancellationToken::cancel);
        idle = Promise.promise();
        if (busy.isEmpty()) {
            idle.tryComplete();
        }
        long timer = vertx.setTimer(10_000, t -> idle.tryComplete());
        return idle.future().compose(v -> {
            vertx.cancelTimer(timer);
            if (consumer != null) {
                consumer.pause();
            }
            if (cancelWatcher != null) {
                cancelWatcher.pause();
            }
            return closeClients();
        });
    }

    private Future<?> closeClients() {
        Future<Void> c = consumer == null ? Future.succeededFuture() : consumer.close();
        Future<Void> w = cancelWatcher == null ? Future.succeededFuture() : cancelWatcher.close();
        return Future.join(c, w, results.close())
                .eventually(() -> producer == null ? Future.succeededFuture() : producer.close())
                .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
    }

}
