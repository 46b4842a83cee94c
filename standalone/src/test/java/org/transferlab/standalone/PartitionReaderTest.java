package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.kafka.client.common.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.PartitionReader;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.protocol.Topics;

/**
 * The reader the gateway replays its topics with and workers check published results with, on a topic
 * whose log ends in transaction markers (as transfer.results and transfer.events do once workers have
 * committed results): reaching the committed end passes the marker, which no record's offset does; and
 * the written end (high watermark) past an open transaction is reached only once it is decided.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PartitionReaderTest {
    /** Far above what a reader needs (milliseconds); a reader stuck below a marker would use all of it. */
    private static final long WITHIN_MS = 20_000;

    @Test
    void theCommittedEndIsReachedPastATransactionMarkerAndAnOpenTransactionHoldsTheReaderBack()
            throws Exception {
        try (Stack stack = Stack.embedded(null, 0);
             KafkaProducer<String, byte[]> producer = TestKafka.transactionalProducer(stack.bootstrap(),
                     "test-reader")) {
            KafkaSettings kafka = new KafkaSettings(stack.bootstrap());
            TopicSetup.ensure(kafka, TopicSetup.DEFAULT_JOB_PARTITIONS);
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.RESULTS, "committed", new byte[]{1}));
            producer.commitTransaction(); // the log now ends with the commit marker

            List<String> keys = new CopyOnWriteArrayList<>();
            Context loop = stack.vertx().getOrCreateContext();
            PartitionReader reader = onLoop(loop, () -> new PartitionReader(stack.vertx(), kafka, "test-reader",
                    "test reader"));
            Map<TopicPartition, Long> ends = Stack.await(onLoop(loop, () -> reader.assign(List.of(Topics.RESULTS))
                    .compose(v -> reader.committedEnds())));
            assertThat(ends.values()).containsExactly(2L); // the record and its commit marker
            Stack.await(onLoop(loop, () -> {
                reader.start(r -> keys.add(r.key()));
                return reader.reached(ends, WITHIN_MS);
            }));
            assertThat(keys).containsExactly("committed");

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.RESULTS, "open", new byte[]{2})).get();
            Map<TopicPartition, Long> written = Stack.await(onLoop(loop, reader::writtenEnds));
            assertThat(written.values()).containsExactly(3L); // and the open transaction's record
            Future<Void> pastTheOpen = onLoop(loop, () -> reader.reached(written, WITHIN_MS));
            Thread.sleep(1000);
            assertThat(pastTheOpen.isComplete()).as("reached while the transaction is open").isFalse();
            producer.abortTransaction();
            Stack.await(pastTheOpen);
            assertThat(keys).containsExactly("committed");
            Stack.await(onLoop(loop, reader::close));
        }
    }

    /** Runs on the reader's event-loop context, as a verticle would: the reader is confined to it. */
    private static <T> T onLoop(Context loop, Supplier<T> action) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        loop.runOnContext(v -> {
            try {
                done.complete(action.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done.get(30, TimeUnit.SECONDS);
    }
}
