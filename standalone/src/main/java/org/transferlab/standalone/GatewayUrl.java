package org.transferlab.standalone;

import picocli.CommandLine.Option;

/** {@code --gateway} and {@code --token}: where the client commands find a running gateway. */
final class GatewayUrl {
    @Option(names = "--gateway", defaultValue = "${env:TRANSFERLAB_GATEWAY:-http://localhost:8080}",
            description = "gateway base URL (env TRANSFERLAB_GATEWAY; default ${DEFAULT-VALUE})")
    String url;
    @Option(names = "--token", defaultValue = "${env:TRANSFERLAB_TOKEN}",
            description = "bearer token, when the gateway requires one (env TRANSFERLAB_TOKEN)")
    String token;

    GatewayClient client() {
        return new GatewayClient(url, token);
    }
}
