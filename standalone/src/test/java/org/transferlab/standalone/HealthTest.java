package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /health} follows the broker: DOWN (503) once it stops, UP again once it is back; {@code GET
 * /metrics} keeps answering meanwhile.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class HealthTest {

    @Test
    void healthFlipsWithTheBroker() throws Exception {
        Path dir = Files.createTempDirectory("transferlab-health-");
        int port = EmbeddedKafka.freePort(); // the same address after the restart, as a real broker keeps it
        EmbeddedKafka[] kafka = {EmbeddedKafka.start(dir, false, port)};
        try (Stack stack = Stack.external(kafka[0].bootstrap()).withGateway(0)) {
            GatewayClient client = new GatewayClient(stack.gatewayUrl());
            GatewayClient.Reply up = client.get("/health");
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.text("status")).isEqualTo("UP");
            assertThat(metrics(stack).value("transferlab_queue_lag", "partition", "0")).isZero();

            kafka[0].close();
            GatewayClient.Reply down = awaitHealth(client, 503);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.text("status")).isEqualTo("DOWN");
            assertThat(down.text("error")).contains("Kafka not reachable");
            // /metrics still answers, with the lag unknown rather than stale
            PrometheusText away = metrics(stack);
            assertThat(away.value("transferlab_queue_lag", "partition", "0")).isNaN();
            assertThat(away.value("jvm_threads_live_threads")).isPositive();

            kafka[0] = EmbeddedKafka.start(dir, false, port);
            GatewayClient.Reply back = awaitHealth(client, 200);
            assertThat(back.status()).isEqualTo(200);
            assertThat(back.text("status")).isEqualTo("UP");
        } finally {
            kafka[0].close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static PrometheusText metrics(Stack stack) throws Exception {
        GatewayClient.Reply r = new GatewayClient(stack.gatewayUrl()).get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        return PrometheusText.parse(r.body().asText());
    }

    /**
     * Asks until the answer has {@code status}: the gateway notices a broker's absence by an Admin call
     * timing out (2 s), and its return by reconnecting. Gives up after 60 s, returning the last answer.
     */
    private static GatewayClient.Reply awaitHealth(GatewayClient client, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        GatewayClient.Reply r;
        do {
            r = client.get("/health");
            if (r.status() == status) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return r;
    }
}
