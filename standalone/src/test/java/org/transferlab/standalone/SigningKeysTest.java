package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.messaging.RecordSigner;
import org.transferlab.messaging.SigningKeys;

/** Signing keys: where they come from, rotation, and what a signature covers. */
class SigningKeysTest {
    private static final String OLD = "old-key-0123456789abcdef";
    private static final String NEW = "new-key-fedcba9876543210";

    @Test
    void aRotatedSetSignsWithTheFirstKeyAndAcceptsEither() {
        RecordSigner before = SigningKeys.parse(OLD, "test").signer();
        RecordSigner during = SigningKeys.parse(NEW + "," + OLD, "test").signer();
        RecordSigner after = SigningKeys.parse(NEW, "test").signer();

        KafkaConsumerRecord<String, byte[]> oldRecord = received(before.signed(record("transfer.results", "tl-1", "{}")));
        KafkaConsumerRecord<String, byte[]> newRecord = received(during.signed(record("transfer.results", "tl-1", "{}")));
        assertThat(during.verifies(oldRecord)).isTrue();
        assertThat(after.verifies(newRecord)).isTrue();
        assertThat(after.verifies(oldRecord)).as("a dropped key no longer counts").isFalse();
    }

    @Test
    void theSignatureCoversTopicKeyAndValue() {
        RecordSigner signer = SigningKeys.parse(NEW, "test").signer();
        String sig = signer.signature("transfer.results", "tl-1", bytes("{\"a\":1}"));
        assertThat(signer.verifies(withSignature("transfer.results", "tl-1", "{\"a\":1}", sig))).isTrue();
        assertThat(signer.verifies(withSignature("transfer.results", "tl-1", "{\"a\":2}", sig))).isFalse();
        assertThat(signer.verifies(withSignature("transfer.results", "tl-2", "{\"a\":1}", sig))).isFalse();
        assertThat(signer.verifies(withSignature("transfer.events", "tl-1", "{\"a\":1}", sig))).isFalse();
        assertThat(signer.verifies(withSignature("transfer.results", "tl-1", "{\"a\":1}", "not base64!"))).isFalse();
        assertThat(signer.verifies(received(record("transfer.results", "tl-1", "{\"a\":1}")))).isFalse();
    }

    @Test
    void shortKeysAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> SigningKeys.parse(NEW + ",short-secret", "TRANSFERLAB_RESULT_KEYS"))
                .hasMessageContaining("signing key 2 of TRANSFERLAB_RESULT_KEYS has 12 characters")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> SigningKeys.parse(" , # nothing", "keys.txt")).hasMessageContaining("no signing key");
    }

    @Test
    void theEnvironmentWinsAndAFileIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# newest first\n" + NEW + "\n" + OLD + "\n");
        assertThat(SigningKeys.configured(Map.of())).isEmpty();
        assertThat(SigningKeys.configured(Map.of(SigningKeys.ENV_KEYS_FILE, file.toString())).orElseThrow().size())
                .isEqualTo(2);
        assertThat(SigningKeys.configured(Map.of(SigningKeys.ENV_KEYS, NEW, SigningKeys.ENV_KEYS_FILE,
                file.toString())).orElseThrow().size()).isEqualTo(1);
    }

    @Test
    void anEmbeddedDataDirectoryKeepsItsKeyPrivateAndAcrossRestarts(@TempDir Path dir) throws Exception {
        RecordSigner first = SigningKeys.forDataDir(dir, Map.of()).signer();
        Path file = dir.resolve(SigningKeys.DATA_DIR_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        RecordSigner again = SigningKeys.forDataDir(dir, Map.of()).signer();
        assertThat(again.verifies(received(first.signed(record("transfer.results", "tl-1", "{}"))))).isTrue();

        // keys configured later sign from then on; what the kept key signed stays trusted
        RecordSigner configured = SigningKeys.forDataDir(dir, Map.of(SigningKeys.ENV_KEYS, NEW)).signer();
        assertThat(configured.verifies(received(first.signed(record("transfer.results", "tl-1", "{}"))))).isTrue();
        assertThat(SigningKeys.parse(NEW, "test").signer().verifies(received(configured.signed(
                record("transfer.results", "tl-1", "{}"))))).isTrue();

        Path other = Files.createDirectory(dir.resolve("other"));
        RecordSigner elsewhere = SigningKeys.forDataDir(other, Map.of()).signer();
        assertThat(elsewhere.verifies(received(first.signed(record("transfer.results", "tl-1", "{}"))))).isFalse();
    }

    @Test
    void separateRolesRefuseToStartWithoutAKey() {
        org.junit.jupiter.api.Assumptions.assumeTrue(SigningKeys.configured(System.getenv()).isEmpty(),
                "this environment configures signing keys");
        // nothing is contacted: the key is checked first (port 9 is discard, nothing listens there)
        assertThat(Main.execute("worker", "--bootstrap", "127.0.0.1:9")).isEqualTo(Main.USAGE);
        assertThat(Main.execute("gateway", "--bootstrap", "127.0.0.1:9", "--port", "0")).isEqualTo(Main.USAGE);
    }

    private static KafkaProducerRecord<String, byte[]> record(String topic, String key, String value) {
        return KafkaProducerRecord.create(topic, key, bytes(value));
    }

    /** What a consumer reads back of a produced record: topic, key, value and headers. */
    private static KafkaConsumerRecord<String, byte[]> received(KafkaProducerRecord<String, byte[]> sent) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(sent.topic(), 0, 0L, sent.key(), sent.value());
        sent.headers().forEach(h -> r.headers().add(h.key(), h.value().getBytes()));
        return new KafkaConsumerRecordImpl<>(r);
    }

    private static KafkaConsumerRecord<String, byte[]> withSignature(String topic, String key, String value, String sig) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(topic, 0, 0L, key, bytes(value));
        r.headers().add(RecordSigner.HEADER, sig.getBytes(StandardCharsets.UTF_8));
        return new KafkaConsumerRecordImpl<>(r);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
