package org.transferlab.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.engine.experiment.CostModel;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.protocol.FieldError;
import org.transferlab.protocol.InvalidSpecException;
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultCsv;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/**
 * The HTTP face of TransferLab: REST API, Server-Sent Events, the SockJS event-bus bridge, health
 * and Prometheus metrics. Submissions go to {@code transfer.jobs}; a group-less consumer of {@code transfer.events}
 * and {@code transfer.results} keeps the job table and fans every change out on the event bus,
 * address {@code jobs.<id>} for one job and {@code jobs} for all.
 */
public final class GatewayVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
    public static final String ADDRESS_ALL = "jobs";
    private static final long REPLAY_DEADLINE_MS = 30_000;
    /** Largest body a SockJS client may post (its frames are subscriptions, a few hundred bytes). */
    private static final int BRIDGE_BODY_BYTES = 64 * 1024;
    /** How long /health and /metrics wait for each Kafka Admin answer. */
    private static final long KAFKA_ANSWER_MS = 2_000;

    private final GatewayOptions options;
    private final String instance = "gateway-" + UUID.randomUUID().toString().substring(0, 8);
    private final String source = "/transferlab/" + instance;

    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Admin admin;
    private HttpServer server;
    private JobTable table;
    private JobCommands commands;
    private SweepTracker sweeps;
    private final JobOwners owners = new JobOwners();
    private final Submissions submissions = new Submissions();
    private GatewayMetrics metrics;
    private SubmissionCheck checks;
    private volatile int actualPort = -1;

    /** Partitions of events, results and sweeps still being replayed at start-up: partition -> end offset. */
    private final Map<TopicPartition, Long> replayEnds = new HashMap<>();
    /** Sweeps registered by earlier gateways and not ended, as replayed; resumed once the replay is done. */
    private final Map<String, ExperimentSpec> registeredSweeps = new java.util.LinkedHashMap<>();
    private io.vertx.core.Promise<Void> replayed;

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
            commands = new JobCommands(producer, source, options.signer());
            sweeps = new SweepTracker(table, commands);
            return startConsumer(kafka);
        }).compose(v -> {
            server = vertx.createHttpServer();
            return server.requestHandler(router()).listen(options.port(), options.host());
        }).onSuccess(s -> {
            actualPort = s.actualPort();
            LOG.info("gateway {} listening on http://{}:{} ({} jobs known)", instance, options.host(), actualPort,
                    table.size());
        });
    }

    // ---------------------------------------------------------------- Kafka in

    private Future<Void> startConsumer(KafkaSettings kafka) {
        consumer = KafkaConsumer.create(vertx, kafka.consumer(null, instance, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.exceptionHandler(e -> LOG.warn("gateway consumer: {}", e.toString()));
        replayed = io.vertx.core.Promise.promise();
        return Future.all(consumer.partitionsFor(Topics.EVENTS), consumer.partitionsFor(Topics.RESULTS),
                        consumer.partitionsFor(Topics.SWEEPS))
                .compose(cf -> {
                    // all three compacted and replayed from the beginning: every job's latest event (its
                    // state: accepted, running with progress, failed, cancelled), its result, open sweeps
                    Set<TopicPartition> all = new HashSet<>();
                    List<io.vertx.kafka.client.common.PartitionInfo> ev = cf.resultAt(0);
                    List<io.vertx.kafka.client.common.PartitionInfo> rs = cf.resultAt(1);
                    List<io.vertx.kafka.client.common.PartitionInfo> sw = cf.resultAt(2);
                    if (ev.isEmpty() || rs.isEmpty() || sw.isEmpty()) {
                        // assigning nothing would leave the consumer polling no topic in a tight loop
                        return Future.failedFuture(new IllegalStateException("Kafka reports no partitions for "
                                + Topics.EVENTS + ", " + Topics.RESULTS + " or " + Topics.SWEEPS));
                    }
                    ev.forEach(i -> all.add(new TopicPartition(Topics.EVENTS, i.getPartition())));
                    rs.forEach(i -> all.add(new TopicPartition(Topics.RESULTS, i.getPartition())));
                    sw.forEach(i -> all.add(new TopicPartition(Topics.SWEEPS, i.getPartition())));
                    return consumer.assign(all)
                            .compose(v -> Future.all(consumer.beginningOffsets(all), consumer.endOffsets(all)))
                            .compose(offs -> {
                                Map<TopicPartition, Long> rsBegin = offs.resultAt(0);
                                Map<TopicPartition, Long> rsEnd = offs.resultAt(1);
                                Future<Void> f = Future.succeededFuture();
                                for (var e : rsBegin.entrySet()) {
                                    f = f.compose(v -> consumer.seek(e.getKey(), e.getValue()));
                                    long end = rsEnd.getOrDefault(e.getKey(), 0L);
                                    if (end > e.getValue()) {
                                        replayEnds.put(e.getKey(), end);
                                    }
                                }
                                return f;
                            });
                }).compose(v -> {
                    consumer.handler(this::onRecord);
                    if (replayEnds.isEmpty()) {
                        replayed.tryComplete();
                    } else {
                        vertx.setTimer(REPLAY_DEADLINE_MS, t -> {
                            if (replayed.tryComplete()) {
                                LOG.warn("results replay not finished after {} ms; serving anyway", REPLAY_DEADLINE_MS);
                            }
                        });
                    }
                    // after the results: a registered sweep whose result is stored is not resumed
                    return replayed.future().onSuccess(r -> {
                        sweeps.resume(registeredSweeps);
                        registeredSweeps.clear();
                    });
                });
    }

    private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        boolean replaying = replayEnds.containsKey(tp);
        try {
            if (Topics.SWEEPS.equals(record.topic())) {
                // only a replay resumes sweeps, and only those a gateway registered
                if (replaying && trusted(record)) {
                    if (record.value() == null) {
                        registeredSweeps.remove(record.key());
                    } else {
                        registeredSweeps.put(record.key(), SpecJson.read(record.value(), ExperimentSpec.class));
                    }
                }
            } else if (Topics.RESULTS.equals(record.topic())) {
                if (record.value() != null && trusted(record)) {
                    JobResult r = SpecJson.read(record.value(), JobResult.class);
                    if (!replaying && !sweeps.isTracked(r.jobId())) {
                        // before the table announces the completion, so that whoever saw it finds it counted;
                        // the estimate is arithmetic over the sweep points (no files), cheap enough for the event
                        // loop. A sweep this gateway built is not counted: its children were.
                        metrics.completed(r, r.spec() == null ? null : CostModel.estimateWithoutFiles(r.spec()));
                    }
                    table.onResult(r, !replaying);
                    if (!replaying) {
                        sweeps.onChanged(r.jobId());
                    }
                }
            } else if (Topics.EVENTS.equals(record.topic()) && record.value() != null && trusted(record)) {
                JobEvent ev = SpecJson.read(record.value(), JobEvent.class);
                if (replaying) {
                    table.onEvent(ev);
                } else {
                    onLiveEvent(ev);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("ignoring unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
        Long end = replayEnds.get(tp);
        if (end != null && record.offset() + 1 >= end) {
            replayEnds.remove(tp);
            if (replayEnds.isEmpty()) {
                replayed.tryComplete();
            }
        }
    }

    /** An event as it happens: the table, the run-time metric of jobs that ended without a result, sweeps. */
    private void onLiveEvent(JobEvent ev) {
        JobEntry before = table.get(ev.jobId());
        Long startedAt = before == null ? null : before.startedAt;
        table.onEvent(ev);
        JobEntry after = table.get(ev.jobId());
        boolean applied = after != null && after.lastEvent == ev;
        if (applied && startedAt != null && (ev.type() == EventType.FAILED || ev.type() == EventType.CANCELLED)) {
            metrics.ended(JobState.of(ev.type()), ev.time() - startedAt);
        }
        sweeps.onChanged(ev.jobId());
    }

    /** Whether a record was signed with the workers' keys; one that was not is counted and dropped. */
    private boolean trusted(KafkaConsumerRecord<String, byte[]> record) {
        if (options.signer().verifies(record)) {
            return true;
        }
        metrics.forged(record.topic());
        LOG.warn("ignoring a record for {} without a valid signature ({}-{}@{})", record.key(), record.topic(),
                record.partition(), record.offset());
        return false;
    }

    // ---------------------------------------------------------------- HTTP

    private Router router() {
        Router router = Router.router(vertx);
        BrowserGuard.protect(router, options.allowedOrigins());
        TokenAuth.protect(router, options.tokens());
        router.post("/api/jobs").handler(BodyHandler.create(false).setBodyLimit(GatewayOptions.MAX_BODY_BYTES));
        router.post("/api/jobs").handler(this::submit);
        reads(router, "/api/jobs").handler(this::list);
        reads(router, "/api/jobs/:id").handler(this::status);
        reads(router, "/api/jobs/:id/result.csv").handler(this::csv);
        reads(router, "/api/jobs/:id/result.json").handler(this::resultJson);
        reads(router, "/api/jobs/:id/events").handler(this::events);
        router.delete("/api/jobs/:id").handler(this::cancel);
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
                        || caller(event.socket().routingContext()).may(ApiTokens.Scope.LIST_ALL))));
        new Dashboard(vertx, this::caller, this::visible).mount(router);
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
    static io.vertx.ext.web.Route reads(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    private void submit(RoutingContext ctx) {
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        ExperimentSpec spec;
        try {
            spec = SpecValidator.validated(SpecJson.parseSpec(body));
        } catch (InvalidSpecException e) {
            json(ctx, 400, errors(e.errors()));
            return;
        }
        String jobId = JobId.of(spec);
        String submitter = caller(ctx).name();
        ExperimentSpec validated = spec;
        submissions.once(jobId, () -> admit(jobId, validated, submitter)).onSuccess(r -> {
            if (r.status() == 200 || r.status() == 202) { // also those who shared an admission in flight
                owners.submitted(jobId, submitter, false);
            }
            json(ctx, r.status(), r.body());
        });
    }

    /** The answer to a valid submission: known already, refused over the limits, or sent to Kafka. */
    private Future<Submissions.Reply> admit(String jobId, ExperimentSpec spec, String submitter) {
        JobEntry known = table.get(jobId);
        if (known != null && known.result != null) {
            return Future.succeededFuture(new Submissions.Reply(200, known.detail()));
        }
        if (known != null && !known.state.isTerminal()) {
            return Future.succeededFuture(new Submissions.Reply(202, accepted(jobId, known.state)));
        }
        table.submitted(jobId, spec.name(), System.currentTimeMillis());
        owners.submitted(jobId, submitter, true);
        return checks.plan(spec, Plan::of).compose(plan -> {
            CostEstimate cost = plan.total();
            Optional<String> refused = options.limits().refusal(cost, "gateway");
            if (refused.isPresent()) {
                table.withdraw(jobId);
                owners.forget(jobId);
                return Future.succeededFuture(new Submissions.Reply(422,
                        errors(List.of(new FieldError("$", refused.get())))));
            }
            if (plan.children() != null) { // a sweep's submitter submitted its points too (they may be shared)
                plan.children().forEach(c -> owners.submitted(c.jobId(), submitter, false));
            }
            Future<Void> sent = plan.children() == null ? commands.submit(jobId, spec, cost)
                    : sweeps.submit(jobId, spec, plan.children(), plan.childCosts(), cost);
            return sent.map(v -> new Submissions.Reply(202, accepted(jobId, JobState.ACCEPTED)));
        }).recover(err -> {
            table.withdraw(jobId);
            owners.forget(jobId);
            if (err instanceof InvalidSpecException e) {
                return Future.succeededFuture(new Submissions.Reply(400, errors(e.errors())));
            }
            LOG.warn("submission of {} failed: {}", jobId, err.toString());
            String why = err instanceof SubmissionCheck.Deadline ? err.getMessage() : "cannot submit to Kafka: " + err.getMessage();
            return Future.succeededFuture(new Submissions.Reply(503, errors(List.of(new FieldError("$", why)))));
        });
    }

    /**
     * What a submission writes: one job, or a sweep's children (grid order) with their estimates.
     *
     * @param total the whole spec's estimate (what admission control judges)
     */
    private record Plan(CostEstimate total, List<SweepTracker.Child> children, List<CostEstimate> childCosts) {
        static Plan of(ExperimentSpec spec, Function<ExperimentSpec, CostEstimate> estimate) {
            if (!SweepTracker.isSplit(spec)) {
                return new Plan(estimate.apply(spec), null, null);
            }
            List<SweepTracker.Child> children = SweepTracker.children(spec);
            return new Plan(estimate.apply(spec), children,
                    children.stream().map(c -> estimate.apply(c.spec())).toList());
        }
    }

    private static JsonObject accepted(String jobId, JobState state) {
        return new JsonObject().put("jobId", jobId).put("state", state.json()).put("links", JobEntry.links(jobId));
    }

    /** Everyone's jobs for tokens with the list-all scope, the caller's own for the others. */
    private void list(RoutingContext ctx) {
        ApiTokens.Caller caller = caller(ctx);
        JsonArray arr = new JsonArray();
        table.newestFirst().stream().filter(e -> visible(caller, e.jobId))
                .forEach(e -> arr.add(withSubmitters(caller, e.summary())));
        json(ctx, 200, new JsonObject().put("jobs", arr));
    }

    private ApiTokens.Caller caller(RoutingContext ctx) {
        return TokenAuth.caller(ctx, options.tokens());
    }

    private boolean visible(ApiTokens.Caller caller, String jobId) {
        return caller.may(ApiTokens.Scope.LIST_ALL) || owners.isSubmitter(jobId, caller.name());
    }

    /** Who submitted a job is shown to those who may see everyone's jobs. */
    private JsonObject withSubmitters(ApiTokens.Caller caller, JsonObject job) {
        return caller.may(ApiTokens.Scope.LIST_ALL)
                ? job.put("submittedBy", new JsonArray(owners.submitters(job.getString("jobId")))) : job;
    }

    private JobEntry entryOr404(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JobEntry e = JobId.isWellFormed(id) ? table.get(id) : null;
        if (e == null) {
            json(ctx, 404, errors(List.of(new FieldError("id", "no job '" + id + "' is known to this gateway"))));
        }
        return e;
    }

    private void status(RoutingContext ctx) {
        JobEntry e = entryOr404(ctx);
        if (e != null) {
            JsonArray children = sweeps.describe(e);
            JsonObject detail = withSubmitters(caller(ctx), e.detail());
            json(ctx, 200, children == null ? detail : detail.put("children", children));
        }
    }

    private void csv(RoutingContext ctx) {
        JobEntry e = entryWithResultOr404(ctx);
        if (e != null) {
            download(ctx, "text/csv; charset=utf-8", e.jobId + ".csv", ResultCsv.write(e.result));
        }
    }

    private void resultJson(RoutingContext ctx) {
        JobEntry e = entryWithResultOr404(ctx);
        if (e != null) {
            download(ctx, "application/json; charset=utf-8", e.jobId + ".json", SpecJson.writeString(e.result));
        }
    }

    private JobEntry entryWithResultOr404(RoutingContext ctx) {
        JobEntry e = entryOr404(ctx);
        if (e != null && e.result == null) {
            json(ctx, 404, errors(List.of(new FieldError("id", "job " + e.jobId + " has no result (state "
                    + e.state.json() + ")"))));
            return null;
        }
        return e;
    }

    private static void download(RoutingContext ctx, String type, String fileName, String body) {
        ctx.response().putHeader("Content-Type", type)
                .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .end(body);
    }

    private void cancel(RoutingContext ctx) {
        JobEntry e = entryOr404(ctx);
        if (e == null) {
            return;
        }
        if (e.state.isTerminal()) {
            json(ctx, 409, new JsonObject().put("jobId", e.jobId).put("state", e.state.json())
                    .put("errors", new JsonArray().add(new JsonObject().put("field", "id")
                            .put("message", "job already " + e.state.json()))));
            return;
        }
        ApiTokens.Caller caller = caller(ctx);
        JobOwners.Withdrawal w = caller.may(ApiTokens.Scope.ADMIN) ? JobOwners.Withdrawal.LAST
                : owners.withdraw(e.jobId, caller.name());
        if (w == JobOwners.Withdrawal.NOT_A_SUBMITTER) {
            json(ctx, 403, errors(List.of(new FieldError("id", "only a submitter of job " + e.jobId
                    + " or a token with the 'admin' scope may cancel it"))));
            return;
        }
        if (w == JobOwners.Withdrawal.OTHERS_WAIT) {
            json(ctx, 200, new JsonObject().put("jobId", e.jobId).put("state", e.state.json()).put("withdrawn", true)
                    .put("message", "your interest is withdrawn; the job goes on for its other submitters")
                    .put("links", JobEntry.links(e.jobId)));
            return;
        }
        (sweeps.isTracked(e.jobId) ? sweeps.cancel(e.jobId) : commands.cancel(e.jobId))
                .onSuccess(md -> json(ctx, 202, new JsonObject().put("jobId", e.jobId).put("state", "cancelling")
                        .put("links", JobEntry.links(e.jobId))))
                .onFailure(err -> json(ctx, 503, errors(List.of(new FieldError("$", "cannot reach Kafka: "
                        + err.getMessage())))));
    }

    /** SSE: the job's current state first, then every event until one ends the job. */
    private void events(RoutingContext ctx) {
        JobEntry e = entryOr404(ctx);
        if (e == null) {
            return;
        }
        HttpServerResponse res = ctx.response();
        if (ServerSentEvents.answeredHead(ctx)) {
            return;
        }
        Runnable stopHeartbeat = ServerSentEvents.open(vertx, res);
        res.write(ServerSentEvents.frame("state", e.detail().encode()));
        if (e.state.isTerminal() && (e.state != JobState.COMPLETED || e.result != null)) {
            stopHeartbeat.run();
            res.end();
            return;
        }
        MessageConsumer<JsonObject> sub = vertx.eventBus().consumer(address(e.jobId));
        Runnable close = () -> {
            stopHeartbeat.run();
            sub.unregister();
        };
        sub.handler(m -> {
            JsonObject msg = m.body();
            if ("result".equals(msg.getString("kind"))) {
                res.write(ServerSentEvents.frame("result", msg.getJsonObject("result").encode()));
                return;
            }
            JsonObject ev = msg.getJsonObject("event");
            String type = ev.getString("type", "").toLowerCase(java.util.Locale.ROOT);
            res.write(ServerSentEvents.frame(type, ev.encode()));
            if (type.equals("completed") || type.equals("failed") || type.equals("cancelled")) {
                close.run();
                res.end();
            }
        });
        res.closeHandler(v -> close.run());
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

    private static JsonObject errors(List<FieldError> errors) {
        JsonArray arr = new JsonArray();
        errors.forEach(fe -> arr.add(new JsonObject().put("field", fe.field()).put("message", fe.message())));
        return new JsonObject().put("errors", arr);
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }

    @Override
    public Future<?> stop() {
        Future<Void> s = server == null ? Future.succeededFuture() : server.close();
        if (consumer != null) {
            consumer.pause();
        }
        return s.eventually(() -> checks == null ? Future.succeededFuture() : checks.close())
                .eventually(() -> consumer == null ? Future.succeededFuture() : consumer.close())
                .eventually(() -> producer == null ? Future.succeededFuture() : producer.close())
                .eventually(() -> vertx.executeBlocking(() -> {
                    if (admin != null) {
                        admin.close(java.time.Duration.ofSeconds(2));
                    }
                    if (metrics != null) {
                        metrics.close();
                    }
                    return null;
                }));
    }
}
