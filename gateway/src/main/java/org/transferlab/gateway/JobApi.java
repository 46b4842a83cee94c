package org.transferlab.gateway;

import static org.transferlab.gateway.JsonReplies.errors;
import static org.transferlab.gateway.JsonReplies.json;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.protocol.FieldError;
import org.transferlab.protocol.InvalidSpecException;
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.result.ResultCsv;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/**
 * The REST routes of {@code /api/jobs}: submit (admission control, then {@code transfer.jobs}), list,
 * status, the result as CSV or JSON, the job's events as Server-Sent Events, and cancel. A job is
 * visible to its submitters and to tokens that may list everyone's; cancelling withdraws the caller's
 * interest and stops the job only when no other submitter waits for it.
 */
final class JobApi {
    private static final Logger LOG = LoggerFactory.getLogger(JobApi.class);

    private final Vertx vertx;
    private final GatewayOptions options;
    private final JobTable table;
    private final JobCommands commands;
    private final SweepTracker sweeps;
    private final SubmissionCheck checks;
    private final JobOwners owners;
    private final Submissions submissions = new Submissions();

    JobApi(Vertx vertx, GatewayOptions options, JobTable table, JobCommands commands, SweepTracker sweeps,
            SubmissionCheck checks, JobOwners owners) {
        this.vertx = vertx;
        this.owners = owners;
        this.options = options;
        this.table = table;
        this.commands = commands;
        this.sweeps = sweeps;
        this.checks = checks;
    }

    void mount(Router router) {
        router.post("/api/jobs").handler(BodyHandler.create(false).setBodyLimit(GatewayOptions.MAX_BODY_BYTES));
        router.post("/api/jobs").handler(this::submit);
        GatewayVerticle.reads(router, "/api/jobs").handler(this::list);
        GatewayVerticle.reads(router, "/api/jobs/:id").handler(this::status);
        GatewayVerticle.reads(router, "/api/jobs/:id/result.csv").handler(this::csv);
        GatewayVerticle.reads(router, "/api/jobs/:id/series.csv").handler(this::seriesCsv);
        GatewayVerticle.reads(router, "/api/jobs/:id/result.json").handler(this::resultJson);
        GatewayVerticle.reads(router, "/api/jobs/:id/events").handler(this::events);
        router.delete("/api/jobs/:id").handler(this::cancel);
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
    private record Plan(CostEstimate total, List<SweepChildren.Child> children, List<CostEstimate> childCosts) {
        static Plan of(ExperimentSpec spec, Function<ExperimentSpec, CostEstimate> estimate) {
            if (!SweepChildren.isSplit(spec)) {
                return new Plan(estimate.apply(spec), null, null);
            }
            List<SweepChildren.Child> children = SweepChildren.of(spec);
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

    ApiTokens.Caller caller(RoutingContext ctx) {
        return TokenAuth.caller(ctx, options.tokens());
    }

    boolean visible(ApiTokens.Caller caller, String jobId) {
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

    private void seriesCsv(RoutingContext ctx) {
        JobEntry e = entryWithResultOr404(ctx);
        if (e != null) {
            download(ctx, "text/csv; charset=utf-8", e.jobId + "-series.csv", ResultCsv.writeSeries(e.result));
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
                    .mergeIn(errors(List.of(new FieldError("id", "job already " + e.state.json())))));
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
        MessageConsumer<JsonObject> sub = vertx.eventBus().consumer(GatewayVerticle.address(e.jobId));
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
            String type = ev.getString("type", "").toLowerCase(Locale.ROOT);
            res.write(ServerSentEvents.frame(type, ev.encode()));
            if (type.equals("completed") || type.equals("failed") || type.equals("cancelled")) {
                close.run();
                res.end();
            }
        });
        res.closeHandler(v -> close.run());
    }
}
