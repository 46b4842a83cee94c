package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.transferlab.messaging.RecordSigner;
import org.transferlab.messaging.Records;
import org.transferlab.protocol.CloudEvents;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.SpecJson;

/**
 * Everything a worker writes to Kafka about a job: its events and, for a record it cannot use, the
 * record itself on the dead-letter topic; and the records of its result, which
 * {@link FencedResultPublisher} writes in a transaction of its own. Events and results carry the
 * signature that makes gateways and other workers count them.
 */
final class JobPublisher {
    private static final int MAX_ERROR_HEADER = 2000;

    private final KafkaProducer<String, byte[]> producer;
    private final String worker;
    private final String source;
    private final RecordSigner signer;

    JobPublisher(KafkaProducer<String, byte[]> producer, String worker, RecordSigner signer) {
        this.producer = producer;
        this.worker = worker;
        this.signer = signer;
        this.source = "/transferlab/worker/" + worker;
    }

    Future<Void> event(JobEvent event) {
        return producer.send(eventRecord(event)).mapEmpty();
    }

    /** The signed record of an event (for {@link FencedResultPublisher}'s transaction as well). */
    KafkaProducerRecord<String, byte[]> eventRecord(JobEvent event) {
        return signer.signed(Records.cloudEvent(Topics.EVENTS, event.jobId(), SpecJson.write(event), source,
                event.type().cloudEventType()));
    }

    /** The signed record of a result; {@link FencedResultPublisher} writes it. */
    KafkaProducerRecord<String, byte[]> resultRecord(JobResult result) {
        return signer.signed(Records.cloudEvent(Topics.RESULTS, result.jobId(), SpecJson.write(result), source,
                CloudEvents.TYPE_RESULT));
    }

    String worker() {
        return worker;
    }

    /** The job's failed (or cancelled) event, then the record on the DLQ. */
    Future<Void> refusal(JobRecord record, String jobId, FailureCode code, String message) {
        return event(JobEvent.failed(jobId, worker, code, message))
                .compose(v -> deadLetter(record, jobId, code, message));
    }

    /** The original key and value on the DLQ, with the reason code, the error and where it came from. */
    Future<Void> deadLetter(JobRecord record, String jobId, FailureCode code, String error) {
        String key = record.key() != null ? record.key() : jobId;
        KafkaProducerRecord<String, byte[]> dlq = KafkaProducerRecord.create(Topics.DLQ, key, record.value());
        CloudEvents.headers(source, CloudEvents.TYPE_DLQ, jobId).forEach(dlq::addHeader);
        dlq.addHeader(CloudEvents.HEADER_REASON, code.name());
        dlq.addHeader("ce_error", error.length() > MAX_ERROR_HEADER ? error.substring(0, MAX_ERROR_HEADER) : error);
        dlq.addHeader("ce_origin", record.origin());
        return producer.send(dlq).mapEmpty();
    }

    Future<Void> close() {
        return producer.close();
    }
}
