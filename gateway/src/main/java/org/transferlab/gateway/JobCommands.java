package org.transferlab.gateway;

import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.transferlab.messaging.RecordSigner;
import org.transferlab.messaging.Records;
import org.transferlab.protocol.CloudEvents;
import org.transferlab.protocol.JobCommand;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;

/**
 * What the gateway writes to Kafka: submissions, cancels, the results it builds for sweeps and who
 * submitted each job. Its accepted events, sweep results, sweep registrations and owner records are
 * signed like a worker's records, or other gateways would ignore them (a planted registration would
 * otherwise be resumed, its points submitted; a planted owner record would let its writer cancel).
 */
final class JobCommands {
    private final KafkaProducer<String, byte[]> producer;
    private final String source;
    private final RecordSigner signer;

    JobCommands(KafkaProducer<String, byte[]> producer, String source, RecordSigner signer) {
        this.producer = producer;
        this.source = source;
        this.signer = signer;
    }

    /** The accepted event first, then the command: the worker's started event comes after it on the same partition. */
    Future<Void> submit(String jobId, ExperimentSpec validatedSpec, CostEstimate cost) {
        JobEvent accepted = JobEvent.accepted(jobId, cost);
        return producer.send(signer.signed(Records.cloudEvent(Topics.EVENTS, jobId, SpecJson.write(accepted), source,
                        accepted.type().cloudEventType())))
                .compose(md -> producer.send(Records.cloudEvent(Topics.JOBS, jobId,
                        SpecJson.write(JobCommand.submit(jobId, validatedSpec)), source, CloudEvents.TYPE_SUBMIT)))
                .mapEmpty();
    }

    Future<Void> cancel(String jobId) {
        return producer.send(Records.cloudEvent(Topics.JOBS, jobId, SpecJson.write(JobCommand.cancel(jobId)), source,
                CloudEvents.TYPE_CANCEL)).mapEmpty();
    }

    /** Records a sweep that is split into children, so that a restarted gateway can resume it. */
    Future<Void> register(String parentId, ExperimentSpec validatedSpec) {
        return producer.send(signer.signed(Records.cloudEvent(Topics.SWEEPS, parentId, SpecJson.write(validatedSpec),
                source, CloudEvents.TYPE_SUBMIT))).mapEmpty();
    }

    /** A tombstone: the sweep has ended, nothing to resume. */
    Future<Void> unregister(String parentId) {
        return producer.send(signer.signed(KafkaProducerRecord.<String, byte[]>create(Topics.SWEEPS, parentId, null)))
                .mapEmpty();
    }

    /** A job's submitters (a JobOwners record), or a tombstone (null) once it has none. */
    Future<Void> recordOwners(String jobId, byte[] owners) {
        return producer.send(signer.signed(KafkaProducerRecord.create(Topics.OWNERS, jobId, owners))).mapEmpty();
    }

    Future<Void> publish(JobResult result) {
        return producer.send(signer.signed(Records.cloudEvent(Topics.RESULTS, result.jobId(), SpecJson.write(result),
                source, CloudEvents.TYPE_RESULT))).mapEmpty();
    }
}
