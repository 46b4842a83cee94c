package org.transferlab.messaging;

import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures on the records that decide what a job's outcome is ({@code transfer.results}
 * and {@code transfer.events}). Job ids are a public hash of the spec, so without them any client
 * that may write to Kafka could plant a result under a job's id. The signature covers the topic, the
 * record key (the job id) and the value, and travels in the {@value #HEADER} header.
 *
 * <p>Records are signed with the first key and accepted with any of them, so that a new key can be
 * put first everywhere before the old one is dropped. Workers and gateways hold the same keys
 * ({@link SigningKeys} says where they come from).
 */
public final class RecordSigner {
    public static final String HEADER = "transferlab_signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    RecordSigner(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is needed");
        }
        this.keys = keys.stream().map(k -> new SecretKeySpec(k, ALGORITHM)).toList();
    }

    /** The record with its signature header added (the record is modified and returned). */
    public <R extends KafkaProducerRecord<String, byte[]>> R signed(R record) {
        record.addHeader(HEADER, signature(record.topic(), record.key(), record.value()));
        return record;
    }

    /** Whether the record carries a signature made with one of the keys over its topic, key and value. */
    public boolean verifies(KafkaConsumerRecord<String, byte[]> record) {
        String claimed = null;
        for (KafkaHeader h : record.headers()) {
            if (h.key().equals(HEADER)) {
                if (claimed != null) {
                    return false; // two signatures: which one would count is up to the reader; neither does
                }
                claimed = h.value() == null ? "" : h.value().toString();
            }
        }
        return claimed != null && verifies(record.topic(), record.key(), record.value(), claimed);
    }

    /** The signature of one record, made with the first key: base64 of the HMAC. */
    public String signature(String topic, String key, byte[] value) {
        return Base64.getEncoder().encodeToString(mac(keys.get(0), topic, key, value));
    }

    boolean verifies(String topic, String key, byte[] value, String claimed) {
        byte[] given;
        try {
            given = Base64.getDecoder().decode(claimed);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean ok = false;
        for (SecretKeySpec k : keys) {
            ok |= MessageDigest.isEqual(given, mac(k, topic, key, value)); // every key tried: constant time
        }
        return ok;
    }

    /** topic, key and value, each length-prefixed, so that no two different triples give the same input. */
    private static byte[] mac(SecretKeySpec key, String topic, String recordKey, byte[] value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            update(mac, topic.getBytes(StandardCharsets.UTF_8));
            update(mac, recordKey == null ? null : recordKey.getBytes(StandardCharsets.UTF_8));
            update(mac, value);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    private static void update(Mac mac, byte[] part) {
        int n = part == null ? -1 : part.length;
        mac.update(new byte[]{(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        if (part != null) {
            mac.update(part);
        }
    }
}
