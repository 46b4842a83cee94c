package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /health} follows the broker: DOWN (503) once it stops, UP again once it is back. */
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

            kafka[0].close();
            GatewayClient.Reply down = awaitHealth(client, 503);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.text("status")).isEqualTo("DOWN");
            assertThat(down.text("error")).contains("Kafka not reachable");

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
