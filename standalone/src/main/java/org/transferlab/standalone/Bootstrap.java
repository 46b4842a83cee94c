package org.transferlab.standalone;

import picocli.CommandLine.Option;

/** {@code --bootstrap}: the existing Kafka cluster that a gateway or worker joins. */
final class Bootstrap {
    @Option(names = "--bootstrap", required = true, defaultValue = "${env:TRANSFERLAB_BOOTSTRAP}",
            description = "Kafka bootstrap servers HOST:PORT (env TRANSFERLAB_BOOTSTRAP)") String servers;
}
