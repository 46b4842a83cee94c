package org.transferlab.messaging;

import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.Map;
import org.transferlab.protocol.CloudEvents;

/** Building and reading Kafka records in the project's wire format: JSON value, CloudEvents headers. */
public final class Records {
    private Records() {
    }

    /** A record on {@code topic} keyed by job id, with the {@code ce_*} headers of one CloudEvent. */
    public static KafkaProducerRecord<String, byte[]> cloudEvent(String topic, String jobId, byte[] json,
                                                                 String source, String ceType) {
        KafkaProducerRecord<String, byte[]> r = KafkaProducerRecord.create(topic, jobId, json);
        for (Map.Entry<String, String> h : CloudEvents.headers(source, ceType, jobId).entrySet()) {
            r.addHeader(h.getKey(), h.getValue());
        }
        return r;
    }

    /** The last value of a header as text, or null. */
    public static String header(KafkaConsumerRecord<?, ?> record, String name) {
        String v = null;
        for (KafkaHeader h : record.headers()) {
            if (h.key().equals(name)) {
                Buffer b = h.value();
                v = b == null ? null : b.toString();
            }
        }
        return v;
    }
}
