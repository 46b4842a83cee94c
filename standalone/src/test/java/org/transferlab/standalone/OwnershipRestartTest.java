package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.transferlab.standalone.OwnershipTest.ids;
import static org.transferlab.standalone.OwnershipTest.submit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.gateway.ApiTokens;
import org.transferlab.gateway.GatewayOptions;
import org.transferlab.protocol.Topics;

/**
 * Who submitted a job outlives the gateway that took the submission: a gateway started afterwards on
 * the same broker (as after a restart) replays {@code transfer.owners}, so a submitter may still cancel
 * and list their job, another user still may not (not even through an unsigned record planted on the
 * topic), and a withdrawn interest stays withdrawn. No worker runs, so every job is still waiting when
 * it is cancelled.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OwnershipRestartTest {
    private static final ApiTokens TOKENS = ApiTokens.parse("alice=tokA:read,write; bob=tokB:read,write");

    @Test
    void submittersKeepTheirJobsAcrossAGatewayRestartAndOthersStillCannotTouchThem() throws Exception {
        try (Stack stack = Stack.embedded(null, 0)) {
            stack.withGateway(GatewayOptions.of(stack.bootstrap(), 0).withTokens(TOKENS));
            GatewayClient alice = new GatewayClient(stack.gatewayUrl(), "tokA");
            GatewayClient bob = new GatewayClient(stack.gatewayUrl(), "tokB");
            String alices = submit(alice, 1601);
            String shared = submit(alice, 1602);
            assertThat(submit(bob, 1602)).isEqualTo(shared);
            assertThat(bob.cancel(shared).body().get("withdrawn").asBoolean()).isTrue(); // alice still wants it
            // the records are written without holding up the answers: wait for bob's withdrawal to land
            TestKafka.readUntil(stack.bootstrap(), Topics.OWNERS, Duration.ofSeconds(20),
                    rs -> rs.stream().anyMatch(r -> r.key().equals(shared) && r.value() != null
                            && new String(r.value(), StandardCharsets.UTF_8).contains("\"waiting\":[\"alice\"]")));
            // someone with write access to Kafka but not the gateways' key claims alice's job for bob
            TestKafka.send(stack.bootstrap(), Topics.OWNERS, alices, "{\"submitters\":[\"bob\"],\"waiting\":[\"bob\"]}");

            try (Stack later = Stack.external(stack.bootstrap())) {
                later.withGateway(GatewayOptions.of(stack.bootstrap(), 0).withTokens(TOKENS));
                GatewayClient alice2 = new GatewayClient(later.gatewayUrl(), "tokA");
                GatewayClient bob2 = new GatewayClient(later.gatewayUrl(), "tokB");

                assertThat(bob2.cancel(alices).status()).isEqualTo(403);
                assertThat(ids(bob2)).contains(shared).doesNotContain(alices);
                assertThat(ids(alice2)).contains(alices, shared);
                // bob's withdrawal was kept: alice's cancel is the last submitter's, so it cancels
                assertThat(alice2.cancel(shared).status()).isEqualTo(202);
                assertThat(alice2.cancel(alices).status()).isEqualTo(202);
            }
        }
    }

    @Test
    void ownerRecordsHoldTokenNamesNotTokens() throws Exception {
        try (Stack stack = Stack.embedded(null, 0)) {
            stack.withGateway(GatewayOptions.of(stack.bootstrap(), 0).withTokens(TOKENS));
            String id = submit(new GatewayClient(stack.gatewayUrl(), "tokA"), 1603);
            List<ConsumerRecord<String, byte[]>> rs = TestKafka.readUntil(stack.bootstrap(), Topics.OWNERS,
                    Duration.ofSeconds(20), seen -> seen.stream().anyMatch(r -> r.key().equals(id)));
            ConsumerRecord<String, byte[]> r = rs.stream().filter(x -> x.key().equals(id)).findFirst().orElseThrow();
            String value = new String(r.value(), StandardCharsets.UTF_8);
            assertThat(value).contains("alice").doesNotContain("tokA");
        }
    }
}
