package org.transferlab.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.engine.experiment.CostModel;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.PartitionReader;
import org.transferlab.messaging.RecordSigner;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;

/**
 * What the gateway hears from Kafka: a group-less consumer of {@code transfer.events},
 * {@code transfer.results}, {@code transfer.sweeps} and {@code transfer.owners}, replayed from the
 * beginning of these compacted topics at start-up and then followed. Signed records update the job
 * table (which fans them out), the sweep tracker, the job owners and the metrics; sweeps registered by
 * earlier gateways are resumed once the replay is done.
 */
final class JobFeed {
    private static final Logger LOG = LoggerFactory.getLogger(JobFeed.class);
    /** Longer than a transaction may stay open (a dead worker's is aborted by then). */
    private static final long REPLAY_DEADLINE_MS = 30_000;

    private final Vertx vertx;
    private final RecordSigner signer;
    private final JobTable table;
    private final SweepTracker sweeps;
    private final JobOwners owners;
    private final GatewayMetrics metrics;
    private PartitionReader reader;

    /** Where the replay of each partition ends: its committed end at start-up; records below it are the replay. */
    private final Map<TopicPartition, Long> replayEnds = new HashMap<>();
    /** Sweeps registered by earlier gateways and not ended, as replayed; resumed once the replay is done. */
    private final Map<String, ExperimentSpec> registeredSweeps = new LinkedHashMap<>();

    JobFeed(Vertx vertx, RecordSigner signer, JobTable table, SweepTracker sweeps, JobOwners owners,
            GatewayMetrics metrics) {
        this.vertx = vertx;
        this.signer = signer;
        this.table = table;
        this.sweeps = sweeps;
        this.owners = owners;
        this.metrics = metrics;
    }

    /** Starts consuming; completes when the replay is done (or its deadline passed). */
    Future<Void> start(KafkaSettings kafka, String instance) {
        reader = new PartitionReader(vertx, kafka, instance, "gateway consumer");
        // all four compacted and replayed from the beginning: every job's latest event (its state:
        // accepted, running with progress, failed, cancelled), its result, open sweeps, and who submitted it
        return reader.assign(List.of(Topics.EVENTS, Topics.RESULTS, Topics.SWEEPS, Topics.OWNERS))
                .compose(v -> Future.all(reader.committedEnds(), reader.writtenEnds()))
                .compose(ends -> {
                    replayEnds.putAll(ends.resultAt(0));
                    reader.start(this::onRecord);
                    // the replay is done past everything written before the start, so that results behind a
                    // transaction open at the start (they come in as live) are known before sweeps resume
                    Map<TopicPartition, Long> written = ends.resultAt(1);
                    return reader.reached(written, REPLAY_DEADLINE_MS).recover(e -> {
                        if (!(e instanceof TimeoutException)) {
                            return Future.failedFuture(e);
                        }
                        LOG.warn("results replay not finished after {} ms; serving anyway", REPLAY_DEADLINE_MS);
                        return Future.succeededFuture();
                    });
                })
                // after the results: a registered sweep whose result is stored is not resumed
                .onSuccess(v -> {
                    sweeps.resume(registeredSweeps);
                    registeredSweeps.clear();
                });
    }

    private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
        Long end = replayEnds.get(new TopicPartition(record.topic(), record.partition()));
        boolean replaying = end != null && record.offset() < end;
        try {
            if (Topics.OWNERS.equals(record.topic())) {
                // only a replay: this gateway's own records come back live, and it knows them already
                if (replaying && trusted(record)) {
                    owners.restore(record.key(), record.value());
                }
            } else if (Topics.SWEEPS.equals(record.topic())) {
                // only a replay resumes sweeps, and only those a gateway registered
                if (replaying && trusted(record)) {
                    if (record.value() == null) {
                        registeredSweeps.remove(record.key());
                    } else {
                        registeredSweeps.put(record.key(), SpecJson.read(record.value(), ExperimentSpec.class));
                    }
                }
            } else if (Topics.RESULTS.equals(record.topic())) {
                if (record.value() != null && trusted(record)) {
                    JobResult r = SpecJson.read(record.value(), JobResult.class);
                    if (!replaying && !sweeps.isTracked(r.jobId())) {
                        // before the table announces the completion, so that whoever saw it finds it counted;
                        // the estimate is arithmetic over the sweep points (no files), cheap enough for the event
                        // loop. A sweep this gateway built is not counted: its children were.
                        metrics.completed(r, r.spec() == null ? null : CostModel.estimateWithoutFiles(r.spec()));
                    }
                    table.onResult(r, !replaying);
                    if (!replaying) {
                        sweeps.onChanged(r.jobId());
                    }
                }
            } else if (Topics.EVENTS.equals(record.topic()) && record.value() != null && trusted(record)) {
                JobEvent ev = SpecJson.read(record.value(), JobEvent.class);
                if (replaying) {
                    table.onEvent(ev);
                } else {
                    onLiveEvent(ev);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("ignoring unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    /** An event as it happens: the table, the run-time metric of jobs that ended without a result, sweeps. */
    private void onLiveEvent(JobEvent ev) {
        JobEntry before = table.get(ev.jobId());
        Long startedAt = before == null ? null : before.startedAt;
        table.onEvent(ev);
        JobEntry after = table.get(ev.jobId());
        boolean applied = after != null && after.lastEvent == ev;
        if (applied && startedAt != null && (ev.type() == EventType.FAILED || ev.type() == EventType.CANCELLED)) {
            metrics.ended(JobState.of(ev.type()), ev.time() - startedAt);
        }
        sweeps.onChanged(ev.jobId());
    }

    /** Whether a record was signed with the workers' keys; one that was not is counted and dropped. */
    private boolean trusted(KafkaConsumerRecord<String, byte[]> record) {
        if (signer.verifies(record)) {
            return true;
        }
        metrics.forged(record.topic());
        LOG.warn("ignoring a record for {} without a valid signature ({}-{}@{})", record.key(), record.topic(),
                record.partition(), record.offset());
        return false;
    }

    /** Stops taking records in at once, before the HTTP server has closed. */
    void pause() {
        if (reader != null) {
            reader.stop();
        }
    }

    Future<Void> close() {
        return reader == null ? Future.succeededFuture() : reader.close();
    }
}
