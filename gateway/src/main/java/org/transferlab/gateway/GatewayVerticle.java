package org.transferlab.gateway;

import static org.transferlab.gateway.JsonReplies.errors;
import static org.transferlab.gateway.JsonReplies.json;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.protocol.FieldError;
import org.transferlab.protocol.Topics;

/**
 * The HTTP face of TransferLab. It wires the {@link JobFeed} (Kafka in: keeps the job table, which
 * fans every change out on the event bus, address {@code jobs.<id>} for one job and {@code jobs} for
 * all) to the {@link JobApi} (the REST routes; submissions go to {@code transfer.jobs}), and serves
 * the SockJS event-bus bridge, the dashboard, health and Prometheus metrics. It owns start and stop.
 */
public final class GatewayVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
    public static final String ADDRESS_ALL = "jobs";
    /** Largest body a SockJS client may post (its frames are subscriptions, a few hundred bytes). */
    private static final int BRIDGE_BODY_BYTES = 64 * 1024;
    /** How long /health and /metrics wait for each Kafka Admin answer. */
    private static final long KAFKA_ANSWER_MS = 2_000;

    private final GatewayOptions options;
    private final String instance = "gateway-" + UUID.randomUUID().toString().substring(0, 8);
    private final String source = "/transferlab/" + instance;

    private KafkaProducer<String, byte[]> producer;
    private JobFeed feed;
    private JobApi api;
    private Admin admin;
    private HttpServer server;
    private JobTable table;
    private GatewayMetrics metrics;
    private SubmissionCheck checks;
    private volatile int actualPort = -1;

    public GatewayVerticle(GatewayOptions options) {
        this.options = options;
    }

    public static String address(String jobId) {
        return ADDRESS_ALL + "." + jobId;
    }

    /** The port the HTTP server listens on (useful when started with port 0). */
    public int port() {
        return actualPort;
    }

    @Override
    public Future<?> start() {
        KafkaSettings kafka = new KafkaSettings(options.bootstrap());
        metrics = new GatewayMetrics(); // here, not at construction: it registers GC listeners that stop() removes
        checks = new SubmissionCheck(vertx);
        table = new JobTable(msg -> {
            vertx.eventBus().publish(address(msg.getString("jobId")), msg);
            vertx.eventBus().publish(ADDRESS_ALL, msg);
        });
        return vertx.executeBlocking(() -> {
            TopicSetup.ensure(kafka, options.jobPartitions());
            return Admin.create(kafka.admin());
        }).compose(a -> {
            admin = a;
            producer = KafkaProducer.create(vertx, kafka.producer(instance), new StringSerializer(),
                    new ByteArraySerializer());
            JobCommands commands = new JobCommands(producer, source, options.signer());
            SweepTracker sweeps = new SweepTracker(table, commands);
            JobOwners owners = new JobOwners(commands::recordOwners);
            api = new JobApi(vertx, options, table, commands, sweeps, checks, owners);
            feed = new JobFeed(vertx, options.signer(), table, sweeps, owners, metrics);
            return feed.start(kafka, instance);
        }).compose(v -> {
            server = vertx.createHttpServer();
            return server.requestHandler(router()).listen(options.port(), options.host());
        }).onSuccess(s -> {
            actualPort = s.actualPort();
            LOG.info("gateway {} listening on http://{}:{} ({} jobs known)", instance, options.host(), actualPort,
                    table.size());
        });
    }

    // ---------------------------------------------------------------- HTTP

    private Router router() {
        Router router = Router.router(vertx);
        BrowserGuard.protect(router, options.allowedOrigins());
        TokenAuth.protect(router, options.tokens());
        api.mount(router);
        reads(router, "/health").handler(this::health);
        reads(router, "/metrics").handler(this::metrics);
        SockJSBridgeOptions bridge = new SockJSBridgeOptions()
                .addOutboundPermitted(new PermittedOptions().setAddressRegex("jobs(\\..+)?"));
        // SockJS reads the frames of its xhr_send transport from the parsed body
        router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(BRIDGE_BODY_BYTES));
        // SockJS routes GET only; the server leaves out the body of an answer to HEAD
        router.route("/eventbus/*").method(HttpMethod.HEAD).handler(ctx -> ctx.reroute(HttpMethod.GET,
                ctx.request().uri()));
        router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(bridge, event -> event.complete(
                event.type() != BridgeEventType.REGISTER
                        || !ADDRESS_ALL.equals(event.getRawMessage().getString("address"))
                        || api.caller(event.socket().routingContext()).may(ApiTokens.Scope.LIST_ALL))));
        new Dashboard(vertx, api::caller, api::visible).mount(router);
        router.route().failureHandler(ctx -> {
            int code = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (code == 500 && ctx.failure() != null) {
                LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            }
            String msg = code == 413 ? "request body larger than " + GatewayOptions.MAX_BODY_BYTES + " bytes"
                    : ctx.failure() != null && code != 500 ? String.valueOf(ctx.failure().getMessage()) : "error " + code;
            json(ctx, code, errors(List.of(new FieldError("$", msg))));
        });
        return router;
    }

    /** A route that answers GET and, with the same headers and no body, HEAD. */
    static Route reads(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    private void health(RoutingContext ctx) {
        vertx.executeBlocking(() -> admin.describeCluster().nodes().get(KAFKA_ANSWER_MS, TimeUnit.MILLISECONDS).size(),
                        false)
                .onSuccess(n -> json(ctx, 200, new JsonObject().put("status", "UP").put("brokers", n)
                        .put("gateway", instance).put("jobs", table.size())))
                .onFailure(err -> json(ctx, 503, new JsonObject().put("status", "DOWN")
                        .put("error", "Kafka not reachable: " + err)));
    }

    /**
     * Prometheus text format. The job counts are taken here, on the event loop that owns the table;
     * the queue lag is read from Kafka on a worker thread and shows as NaN when Kafka does not answer,
     * so that a scrape still reports the JVM while the broker is away.
     */
    private void metrics(RoutingContext ctx) {
        metrics.jobs(table.countByState());
        vertx.executeBlocking(() -> QueueLag.read(admin, Topics.JOBS, Topics.WORKER_SHARE_GROUP,
                        Topics.WORKER_GROUP, KAFKA_ANSWER_MS), false)
                .onComplete(lag -> {
                    if (lag.failed()) {
                        LOG.debug("queue lag unknown: {}", lag.cause().getMessage());
                    }
                    metrics.lag(lag.succeeded() ? lag.result() : null);
                    if (!ctx.response().closed()) {
                        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(metrics.scrape());
                    }
                });
    }

    @Override
    public Future<?> stop() {
        Future<Void> s = server == null ? Future.succeededFuture() : server.close();
        if (feed != null) {
            feed.pause();
        }
        return s.eventually(() -> checks == null ? Future.succeededFuture() : checks.close())
                .eventually(() -> feed == null ? Future.succeededFuture() : feed.close())
                .eventually(() -> producer == null ? Future.succeededFuture() : producer.close())
                .eventually(() -> vertx.executeBlocking(() -> {
                    if (admin != null) {
                        admin.close(Duration.ofSeconds(2));
                    }
                    if (metrics != null) {
                        metrics.close();
                    }
                    return null;
                }));
    }
}
