package org.transferlab.standalone;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.transferlab.gateway.ApiTokens;
import org.transferlab.gateway.GatewayOptions;
import org.transferlab.gateway.GatewayVerticle;
import org.transferlab.protocol.event.CostLimits;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * The roles this JVM runs: optionally an embedded Kafka broker, optionally a gateway, and any number
 * of workers, on one Vert.x instance. Closing it stops them in reverse order.
 */
public final class Stack implements AutoCloseable {
    private final Vertx vertx;
    private final EmbeddedKafka kafka;
    private final String bootstrap;
    private GatewayVerticle gateway;
    private final List<WorkerVerticle> workers = new ArrayList<>();

    private Stack(Vertx vertx, EmbeddedKafka kafka, String bootstrap) {
        this.vertx = vertx;
        this.kafka = kafka;
        this.bootstrap = bootstrap;
    }

    /** Embedded broker (data in {@code dataDir}, or a temporary directory when null) and nothing else yet. */
    public static Stack embedded(Path dataDir, int kafkaPort) {
        EmbeddedKafka k = dataDir == null ? (kafkaPort > 0 ? EmbeddedKafka.start(tmp(), true, kafkaPort)
                : EmbeddedKafka.start()) : EmbeddedKafka.start(dataDir, false, kafkaPort);
        return new Stack(Vertx.vertx(), k, k.bootstrap());
    }

    /** Roles against an existing Kafka cluster. */
    public static Stack external(String bootstrap) {
        return new Stack(Vertx.vertx(), null, bootstrap);
    }

    public Stack withGateway(int port) {
        return withGateway(GatewayOptions.of(bootstrap, port));
    }

    public Stack withGateway(GatewayOptions options) {
        GatewayVerticle g = new GatewayVerticle(options);
        await(vertx.deployVerticle(g));
        gateway = g;
        return this;
    }

    /**
     * A gateway and a worker in this JVM sharing one set of admission limits ({@code run}, {@code serve}):
     * the gateway refuses an oversized HTTP submission with 422, the worker one written straight to Kafka.
     */
    public Stack withLocalRoles(int port, int concurrency, CostLimits limits, ApiTokens tokens) {
        return withGateway(GatewayOptions.of(bootstrap, port).withLimits(limits).withTokens(tokens))
                .withWorker(new WorkerVerticle(WorkerOptions.of(bootstrap).withConcurrency(concurrency)
                        .withLimits(limits)));
    }

    public Stack withWorker(int concurrency) {
        return withWorker(new WorkerVerticle(WorkerOptions.of(bootstrap).withConcurrency(concurrency)));
    }

    public Stack withWorker(WorkerVerticle worker) {
        await(vertx.deployVerticle(worker));
        workers.add(worker);
        return this;
    }

    public Vertx vertx() {
        return vertx;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public GatewayVerticle gateway() {
        return gateway;
    }

    public List<WorkerVerticle> workers() {
        return List.copyOf(workers);
    }

    /** Base URL of this JVM's gateway, e.g. {@code http://127.0.0.1:8080}. */
    public String gatewayUrl() {
        if (gateway == null) {
            throw new IllegalStateException("no gateway in this stack");
        }
        return "http://127.0.0.1:" + gateway.port();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tmp() {
        try {
            return java.nio.file.Files.createTempDirectory("transferlab-kafka-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
