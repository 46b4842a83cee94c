package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.engine.data.DataRoots;

/**
 * Small real Fashion-MNIST jobs (Debian's dataset-fashion-mnist, which .ci/run installs) through HTTP,
 * Kafka and a worker, for ReLU and linear networks; and the error a worker gives when the package is
 * missing (the system dataset folder pointed at an empty one).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FashionMnistFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Path DEBIAN = Path.of(DataRoots.DEBIAN_DATASETS, "fashion-mnist");
    @TempDir
    static Path emptyRoot;
    private static Stack stack;
    private static GatewayClient client;

    @BeforeAll
    static void start() {
        System.setProperty(DataRoots.DATA_PROPERTY, emptyRoot.toString());
        stack = Stack.embedded(null, 0).withGateway(0).withWorker(1);
        client = new GatewayClient(stack.gatewayUrl());
    }

    @AfterAll
    static void stop() {
        System.clearProperty(DataRoots.DATA_PROPERTY);
        System.clearProperty(DataRoots.SYSTEM_PROPERTY);
        if (stack != null) {
            stack.close();
        }
    }

    /** The paper's Figure 5 pair {0,1} -> {0,9} at a toy size. */
    private static String spec(String activation, String methods, long seed) {
        return """
                {"name": "fashion-mnist %s", "network": {"activation": "%s", "width": 256},
                 "source": {"task": {"type": "dataset", "name": "fashion-mnist", "classes": [0, 1]}, "samples": 60, "gamma": 1.0, "steps": 40},
                 "target": {"task": {"type": "dataset", "name": "fashion-mnist", "classes": [0, 9]}, "samples": 20, "gamma": 1.0, "steps": 40},
                 "testSamples": 100, "protocols": ["scratch", "finetune"], "methods": %s,
                 "seeds": 1, "seed": %d, "theory": {"particles": 128}}
                """.formatted(activation, activation, methods, seed);
    }

    private static JsonNode completed(String spec) throws Exception {
        GatewayClient.Reply r = client.submit(spec.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
        return TestKafka.awaitState(client, r.text("jobId"), "completed", WAIT).body().get("result");
    }

    /**
     * Every row a finite loss below 1, the loss of predicting 0 for labels +-1: T-shirts and ankle boots are
     * told apart from 20 examples by every method.
     */
    private static void assertLearned(JsonNode result, int rows) {
        assertThat(result.get("rows")).hasSize(rows);
        for (JsonNode row : result.get("rows")) {
            String what = row.get("method").asText() + "/" + row.get("protocol").asText();
            assertThat(row.get("testLoss").isNumber()).as(what).isTrue();
            assertThat(row.get("testLoss").asDouble()).as(what).isPositive().isLessThan(1.0);
            assertThat(row.get("point").get("nu2").asDouble()).isEqualTo(20 / 784.0);
        }
    }

    @Test
    void aReluJobOnFashionMnistRunsEndToEnd() throws Exception {
        assumeTrue(Files.isDirectory(DEBIAN), "needs 'apt-get install dataset-fashion-mnist'");
        assertLearned(completed(spec("relu", "[\"theory\", \"kernel\", \"simulation\"]", 1)), 6);
    }

    @Test
    void aLinearJobOnFashionMnistRunsEndToEnd() throws Exception {
        assumeTrue(Files.isDirectory(DEBIAN), "needs 'apt-get install dataset-fashion-mnist'");
        assertLearned(completed(spec("linear", "[\"theory\", \"kernel\", \"simulation\"]", 2)), 6);
    }

    @Test
    void aMissingPackageFailsNamingItAndTheDataRoot() throws Exception {
        Path empty = Files.createDirectories(emptyRoot.resolve("no-system-datasets"));
        System.setProperty(DataRoots.SYSTEM_PROPERTY, empty.toString());
        try {
            GatewayClient.Reply r = client.submit(spec("relu", "[\"simulation\"]", 3).getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isEqualTo(202);
            JsonNode error = TestKafka.awaitState(client, r.text("jobId"), "failed", WAIT).body().get("error");
            assertThat(error.get("code").asText()).isEqualTo("INVALID_SPEC");
            assertThat(error.get("message").asText()).startsWith("source.task.name: dataset 'fashion-mnist' not found")
                    .contains("apt-get install dataset-fashion-mnist", emptyRoot.resolve("fashion-mnist").toString(),
                            empty.resolve("fashion-mnist").toString());
        } finally {
            System.clearProperty(DataRoots.SYSTEM_PROPERTY);
        }
    }
}
