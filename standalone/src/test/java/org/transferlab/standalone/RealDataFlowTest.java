package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.engine.data.DataRoots;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.SpecJson;

/**
 * A real-data transfer experiment through Kafka: CIFAR-10 files in the exact binary layout, written here
 * (class-dependent mean brightness plus noise), found through the data folder like `run --data DIR`,
 * computed by the worker with theory, kernel and simulation rows.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealDataFlowTest {
    @TempDir
    static Path data;
    private static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        Path cifar = Files.createDirectories(data.resolve("cifar-10-batches-bin"));
        Files.write(cifar.resolve("data_batch_1.bin"), cifarRecords(60, 1));
        Files.write(cifar.resolve("test_batch.bin"), cifarRecords(30, 2));
        System.setProperty(DataRoots.DATA_PROPERTY, data.toString());
        stack = Stack.embedded(null, 0).withGateway(0).withWorker(1);
    }

    @AfterAll
    static void stop() {
        System.clearProperty(DataRoots.DATA_PROPERTY);
        if (stack != null) {
            stack.close();
        }
    }

    /** n records of each of the classes 0, 1 and 9: brightness 60 + 15 class plus noise, in CIFAR's byte layout. */
    private static byte[] cifarRecords(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            for (int label : new int[] {0, 1, 9}) {
                out.write(label);
                for (int p = 0; p < 3072; p++) {
                    out.write((int) Math.max(0, Math.min(255, 60 + 15 * label + 40 * rng.nextGaussian())));
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void aCifarTransferJobSubmittedToKafkaIsComputedWithEveryMethod() throws Exception {
        String spec = """
                {"name": "real data through Kafka", "network": {"activation": "relu", "width": 128},
                 "source": {"task": {"type": "dataset", "path": "cifar-10-batches-bin", "format": "cifar10", "classes": [0, 1]},
                            "samples": 40, "gamma": 1.0, "steps": 60},
                 "target": {"task": {"type": "dataset", "path": "cifar-10-batches-bin", "format": "cifar10", "classes": [0, 9]},
                            "samples": 20, "gamma": 1.0, "steps": 60},
                 "testSamples": 30, "protocols": ["scratch", "finetune", "joint"], "methods": ["theory", "kernel", "simulation"],
                 "seeds": 1, "curvePoints": 5, "theory": {"particles": 128}}
                """;
        String jobId = TestKafka.jobId(spec);
        TestKafka.send(stack.bootstrap(), Topics.JOBS, null, spec);
        TestKafka.awaitCompleted(stack.bootstrap(), List.of(jobId), Duration.ofSeconds(90));
        List<ConsumerRecord<String, byte[]>> results = TestKafka.readUntil(stack.bootstrap(), Topics.RESULTS,
                Duration.ofSeconds(30), rs -> rs.stream().anyMatch(r -> jobId.equals(r.key())));
        JobResult result = SpecJson.read(results.stream().filter(r -> jobId.equals(r.key())).findFirst().orElseThrow().value(),
                JobResult.class);
        assertThat(result.rows()).extracting(r -> r.method() + "/" + r.protocol()).containsExactlyInAnyOrder(
                "theory/scratch", "theory/finetune", "theory/joint", "kernel/scratch", "kernel/finetune",
                "simulation/scratch", "simulation/finetune", "simulation/joint");
        for (ResultRow row : result.rows()) {
            assertThat(row.testLoss()).as(row.method() + "/" + row.protocol()).isFinite().isPositive();
            assertThat((Double) row.point().get("nu2")).isEqualTo(20 / 784.0);
        }
        // The classes differ in brightness, so the source's features carry over: scratch, FT and joint are all
        // far below the loss of predicting 0 (1, labels +-1), in theory and in the networks.
        for (ResultRow row : result.rows()) {
            assertThat(row.testLoss()).as(row.method() + "/" + row.protocol()).isLessThan(0.9);
        }
        assertThat(new String(SpecJson.write(result), StandardCharsets.UTF_8)).doesNotContain("NaN");
    }
}
