package org.transferlab.gateway;

import java.util.Set;
import org.transferlab.messaging.RecordSigner;
import org.transferlab.messaging.SigningKeys;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.protocol.event.CostLimits;

/**
 * How a gateway runs.
 *
 * @param bootstrap     Kafka bootstrap servers
 * @param host          interface to listen on
 * @param port          HTTP port (0 = any free port; see {@link GatewayVerticle#port()})
 * @param jobPartitions partitions of {@code transfer.jobs} if this gateway creates the topics
 * @param limits        admission limits on a job's estimated cost ({@link CostLimits#NONE}: none)
 * @param tokens        bearer tokens the API and the event-bus bridge require ({@link ApiTokens#NONE}: open)
 * @param signer        the workers' keys: results and events not signed with one are ignored
 * @param allowedOrigins origins ({@code https://host[:port]}) besides the gateway's own whose pages may
 *                      change things and open the event-bus bridge ({@link BrowserGuard})
 */
public record GatewayOptions(String bootstrap, String host, int port, int jobPartitions, CostLimits limits,
                             ApiTokens tokens, RecordSigner signer, Set<String> allowedOrigins) {
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    public GatewayOptions {
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    public static GatewayOptions of(String bootstrap, int port) {
        return new GatewayOptions(bootstrap, "0.0.0.0", port, TopicSetup.DEFAULT_JOB_PARTITIONS, CostLimits.NONE,
                ApiTokens.NONE, SigningKeys.processDefault().signer(), Set.of());
    }

    public GatewayOptions withHost(String h) {
        return new GatewayOptions(bootstrap, h, port, jobPartitions, limits, tokens, signer, allowedOrigins);
    }

    public GatewayOptions withLimits(CostLimits l) {
        return new GatewayOptions(bootstrap, host, port, jobPartitions, l, tokens, signer, allowedOrigins);
    }

    public GatewayOptions withMaxFlops(double f) {
        return withLimits(limits.withMaxFlops(f));
    }

    public GatewayOptions withTokens(ApiTokens t) {
        return new GatewayOptions(bootstrap, host, port, jobPartitions, limits, t, signer, allowedOrigins);
    }

    public GatewayOptions withSigner(RecordSigner s) {
        return new GatewayOptions(bootstrap, host, port, jobPartitions, limits, tokens, s, allowedOrigins);
    }

    /** @param origins as given by the user, checked and normalised by {@link BrowserGuard#origins} */
    public GatewayOptions withAllowedOrigins(java.util.List<String> origins, String source) {
        return new GatewayOptions(bootstrap, host, port, jobPartitions, limits, tokens, signer,
                BrowserGuard.origins(origins, source));
    }
}
