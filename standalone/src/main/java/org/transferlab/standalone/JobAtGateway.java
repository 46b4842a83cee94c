package org.transferlab.standalone;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A job id and the gateway that knows it: what {@code status}, {@code watch} and {@code cancel} act on. */
final class JobAtGateway {
    @Parameters(index = "0", paramLabel = "JOB-ID") String id;
    @Mixin GatewayUrl gateway;

    GatewayClient client() {
        return gateway.client();
    }
}
