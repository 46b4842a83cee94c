package org.transferlab.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.transferlab.engine.data.DatasetLibrary;
import org.transferlab.gateway.ApiTokens;
import org.transferlab.gateway.GatewayOptions;
import org.transferlab.plot.SvgPlots;
import org.transferlab.protocol.event.CostLimits;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultCsv;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.worker.RetryPolicy;
import org.transferlab.worker.QueueMode;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code transferlab} command line. */
@Command(name = "transferlab", mixinStandardHelpOptions = true, version = "transferlab 0.1.0",
        description = "Transfer learning in wide two-layer networks: theory and simulation as a service.",
        subcommands = {Main.Run.class, Main.Serve.class, Main.Gateway.class, Main.Worker.class, Main.Submit.class,
                Main.Status.class, Main.Watch.class, Main.Cancel.class, Main.Plot.class, Bench.class})
public final class Main {
    /** Exit codes of every subcommand. */
    public static final int OK = 0;
    public static final int JOB_FAILED = 1;
    public static final int USAGE = 2;
    public static final int INVALID_SPEC = 3;
    public static final int UNAVAILABLE = 4;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command in this JVM and returns its exit code (what {@link #main} exits with). */
    public static int execute(String... args) {
        quietLibraries();
        String level = System.getenv("TRANSFERLAB_LOG_LEVEL");
        if (level != null && !level.isBlank()) { // before the first logger is created
            System.setProperty("org.slf4j.simpleLogger.log.org.transferlab", level);
        }
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    /**
     * Kafka's broker touches log4j-api (answered by nobody: everything else logs through slf4j-simple)
     * and netlib reports each BLAS it could not load through java.util.logging; neither is news.
     */
    static void quietLibraries() {
        NETLIB_LOG.setLevel(java.util.logging.Level.SEVERE);
        java.util.logging.Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder").setLevel(java.util.logging.Level.SEVERE);
    }

    /** Held so that java.util.logging keeps the level (it only references its loggers weakly). */
    private static final java.util.logging.Logger NETLIB_LOG = java.util.logging.Logger.getLogger("dev.ludovic.netlib");

    static boolean stderrIsTty() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    static final class GatewayUrl {
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

    /** The tokens a gateway requires (none: the API is open). */
    static final class Tokens {
        @Option(names = "--tokens", defaultValue = "${env:TRANSFERLAB_TOKENS}", paramLabel = "TOKEN:SCOPES;...",
                description = "require bearer tokens, e.g. 'tokA:read,write;tokB:read' (env TRANSFERLAB_TOKENS)")
        String tokens;
        @Option(names = "--tokens-file", defaultValue = "${env:TRANSFERLAB_TOKENS_FILE}",
                description = "file of TOKEN:SCOPES lines, # comments (env TRANSFERLAB_TOKENS_FILE)")
        Path file;

        ApiTokens read() throws java.io.IOException {
            ApiTokens t = ApiTokens.parse(tokens);
            return file == null ? t : t.and(ApiTokens.read(file));
        }
    }

    @Command(name = "run", description = "Run one job on an embedded broker, gateway and worker in this JVM; "
            + "write result.json, result.csv and plots.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin SpecInput spec;
        @CommandLine.Mixin DataFolder data;
        @CommandLine.Mixin LocalLimits limits;
        @Option(names = "--out", description = "output directory (default ./runs/<job-id>/)") Path out;
        @Option(names = "--data-dir", description = "Kafka data directory, kept after the run (default: temporary)")
        Path dataDir;
        @Option(names = "--port", defaultValue = "0", description = "gateway HTTP port (default: any free port)")
        int port;
        @Option(names = "--concurrency", defaultValue = "${env:TRANSFERLAB_WORKER_CONCURRENCY:-1}",
                description = "jobs computed at once (env TRANSFERLAB_WORKER_CONCURRENCY)") int concurrency;

        @Override
        public Integer call() throws Exception {
            PrintStream err = System.err;
            byte[] body = spec.read(err);
            if (body == null) {
                return USAGE;
            }
            err.println("starting embedded Kafka, gateway and worker ...");
            try (Stack stack = Stack.embedded(dataDir, 0).withLocalRoles(port, concurrency, limits.limits(),
                    ApiTokens.NONE)) {
                GatewayClient client = new GatewayClient(stack.gatewayUrl());
                GatewayClient.Reply reply = client.submit(body);
                if (reply.status() == 400 || reply.status() == 422) {
                    printErrors(err, reply.body());
                    return INVALID_SPEC;
                }
                if (reply.status() != 200 && reply.status() != 202) {
                    err.println("submission failed: HTTP " + reply.status() + " " + reply.body());
                    return UNAVAILABLE;
                }
                String jobId = reply.text("jobId");
                err.println("job " + jobId);
                JsonNode status = reply.body();
                if (reply.status() == 202) {
                    JobFollower.Outcome o = new JobFollower(client, err, stderrIsTty()).follow(jobId);
                    if (!o.completed()) {
                        err.println("job " + jobId + " " + o.state() + ": " + o.failure());
                        return JOB_FAILED;
                    }
                    status = o.status();
                }
                JobResult result = SpecJson.mapper().treeToValue(status.get("result"), JobResult.class);
                Path dir = out != null ? out : Path.of("runs", jobId);
                List<Path> written = writeResult(result, dir);
                err.printf("completed in %.2f s: %d rows%n", result.durationMs() / 1000.0, result.rows().size());
                written.forEach(p -> System.out.println(p));
                return OK;
            }
        }
    }

    /** Writes result.json (pretty), result.csv and the plots into {@code dir}; returns the files written. */
    static List<Path> writeResult(JobResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("result.json");
        Files.writeString(json, SpecJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        Path csv = dir.resolve("result.csv");
        Files.writeString(csv, ResultCsv.write(result));
        List<Path> files = new java.util.ArrayList<>(List.of(json, csv));
        try {
            files.addAll(SvgPlots.write(result, dir));
        } catch (RuntimeException e) {
            System.err.println("warning: " + e.getMessage());
        }
        return files;
    }

    @Command(name = "serve", description = "Embedded Kafka, gateway and worker; stays up until Ctrl-C.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin DataFolder data;
        @CommandLine.Mixin Tokens tokens;
        @CommandLine.Mixin LocalLimits limits;
        @Option(names = "--port", defaultValue = "${env:TRANSFERLAB_PORT:-8080}",
                description = "HTTP port (env TRANSFERLAB_PORT; default ${DEFAULT-VALUE})") int port;
        @Option(names = "--kafka-port", defaultValue = "${env:TRANSFERLAB_KAFKA_PORT:-9092}",
                description = "port of the embedded Kafka broker on 127.0.0.1 (env TRANSFERLAB_KAFKA_PORT; "
                        + "default ${DEFAULT-VALUE}; 0 = any)") int kafkaPort;
        @Option(names = "--data-dir", defaultValue = "${env:TRANSFERLAB_DATA_DIR}",
                description = "Kafka data directory, kept across restarts (env TRANSFERLAB_DATA_DIR; "
                        + "default: temporary)") Path dataDir;
        @Option(names = "--concurrency", defaultValue = "${env:TRANSFERLAB_WORKER_CONCURRENCY:-1}",
                description = "jobs computed at once (env TRANSFERLAB_WORKER_CONCURRENCY)") int concurrency;

        @Override
        public Integer call() throws Exception {
            ApiTokens required = tokens.read();
            Stack stack = Stack.embedded(dataDir, kafkaPort).withLocalRoles(port, concurrency, limits.limits(), required);
            System.err.println("Kafka bootstrap " + stack.bootstrap() + "; gateway " + stack.gatewayUrl()
                    + " (Ctrl-C to stop)");
            return blockUntilInterrupted(stack);
        }
    }

    @Command(name = "gateway", description = "Run the HTTP gateway against an existing Kafka cluster.")
    static final class Gateway implements Callable<Integer> {
        @CommandLine.Mixin Tokens tokens;
        @Option(names = "--bootstrap", required = true, defaultValue = "${env:TRANSFERLAB_BOOTSTRAP}",
                description = "Kafka bootstrap servers HOST:PORT (env TRANSFERLAB_BOOTSTRAP)") String bootstrap;
        @Option(names = "--port", defaultValue = "${env:TRANSFERLAB_PORT:-8080}",
                description = "HTTP port (env TRANSFERLAB_PORT; default ${DEFAULT-VALUE})") int port;
        @Option(names = "--max-flops", defaultValue = "${env:TRANSFERLAB_MAX_FLOPS:-0}",
                description = "refuse jobs estimated above this many flops (env TRANSFERLAB_MAX_FLOPS; 0 = no limit)")
        double maxFlops;
        @Option(names = "--max-memory", defaultValue = "${env:TRANSFERLAB_MAX_MEMORY:-0}", converter = ByteSize.class,
                description = "refuse jobs whose estimated peak memory is above this, in bytes or with a suffix k, m, g "
                        + "(powers of 1024; env TRANSFERLAB_MAX_MEMORY; 0 = no limit)")
        long maxMemory;

        @Override
        public Integer call() throws Exception {
            ApiTokens required = tokens.read();
            Stack stack = Stack.external(bootstrap).withGateway(GatewayOptions.of(bootstrap, port)
                    .withLimits(new CostLimits(maxFlops, maxMemory)).withTokens(required));
            System.err.println("gateway " + stack.gatewayUrl() + " on Kafka " + bootstrap + " (Ctrl-C to stop)");
            return blockUntilInterrupted(stack);
        }
    }

    @Command(name = "worker", description = "Run a worker against an existing Kafka cluster.")
    static final class Worker implements Callable<Integer> {
        @CommandLine.Mixin DataFolder data;
        @Option(names = "--bootstrap", required = true, defaultValue = "${env:TRANSFERLAB_BOOTSTRAP}",
                description = "Kafka bootstrap servers HOST:PORT (env TRANSFERLAB_BOOTSTRAP)") String bootstrap;
        @Option(names = "--concurrency", defaultValue = "${env:TRANSFERLAB_WORKER_CONCURRENCY:-1}",
                description = "jobs computed at once (env TRANSFERLAB_WORKER_CONCURRENCY)") int concurrency;
        @Option(names = "--name", defaultValue = "${env:TRANSFERLAB_WORKER_NAME}",
                description = "worker name in events and results (env TRANSFERLAB_WORKER_NAME)") String name;
        @Option(names = "--retries", defaultValue = "${env:TRANSFERLAB_WORKER_RETRIES:-3}",
                description = "times a transiently failed job is tried again (env TRANSFERLAB_WORKER_RETRIES; "
                        + "default ${DEFAULT-VALUE})") int retries;
        @Option(names = "--retry-backoff-ms", defaultValue = "${env:TRANSFERLAB_WORKER_RETRY_BACKOFF_MS:-1000}",
                description = "wait before the first retry, doubled for each further one (env "
                        + "TRANSFERLAB_WORKER_RETRY_BACKOFF_MS; default ${DEFAULT-VALUE})") long retryBackoffMs;
        @Option(names = "--max-flops", defaultValue = "${env:TRANSFERLAB_WORKER_MAX_FLOPS:-0}",
                description = "refuse jobs estimated above this many flops, also those written straight to Kafka "
                        + "(env TRANSFERLAB_WORKER_MAX_FLOPS; 0 = no limit)") double maxFlops;
        @Option(names = "--max-memory", defaultValue = "${env:TRANSFERLAB_WORKER_MAX_MEMORY:-0}", converter = ByteSize.class,
                description = "refuse jobs whose estimated peak memory is above this, in bytes or with a suffix k, m, g "
                        + "(env TRANSFERLAB_WORKER_MAX_MEMORY; 0 = no limit)") long maxMemory;
        @Option(names = "--max-poll-interval-ms", defaultValue = "${env:TRANSFERLAB_WORKER_MAX_POLL_INTERVAL_MS:-0}",
                description = "the job consumer's max.poll.interval.ms (env TRANSFERLAB_WORKER_MAX_POLL_INTERVAL_MS; "
                        + "0 = Kafka's default; partitions queue only)") long maxPollIntervalMs;
        @Option(names = "--queue", defaultValue = "${env:TRANSFERLAB_WORKER_QUEUE:-share}",
                converter = QueueModeOption.class, description = "how workers share jobs: 'share' (a share group: "
                + "any idle worker takes the next job) or 'partitions' (a consumer group: jobs of one partition run "
                + "in order on the worker owning it) (env TRANSFERLAB_WORKER_QUEUE; default ${DEFAULT-VALUE})")
        QueueMode queue;

        @Override
        public Integer call() throws Exception {
            WorkerVerticle w = new WorkerVerticle(WorkerOptions.of(bootstrap).withConcurrency(concurrency)
                    .withName(name).withRetry(new RetryPolicy(retries, retryBackoffMs))
                    .withLimits(new CostLimits(maxFlops, maxMemory))
                    .withMaxPollIntervalMs(maxPollIntervalMs).withQueue(queue));
            Stack stack = Stack.external(bootstrap).withWorker(w);
            System.err.println("worker " + w.name() + " on Kafka " + bootstrap + " (Ctrl-C to stop)");
            return blockUntilInterrupted(stack);
        }
    }

    @Command(name = "submit", description = "Submit a spec to a running gateway; prints the job id.")
    static final class Submit implements Callable<Integer> {
        @CommandLine.Mixin SpecInput spec;
        @CommandLine.Mixin GatewayUrl gateway;

        @Override
        public Integer call() throws Exception {
            byte[] body = spec.read(System.err);
            if (body == null) {
                return USAGE;
            }
            GatewayClient.Reply r = gateway.client().submit(body);
            if (r.status() == 400 || r.status() == 422) {
                printErrors(System.err, r.body());
                return INVALID_SPEC;
            }
            if (r.status() != 200 && r.status() != 202) {
                System.err.println("HTTP " + r.status() + ": " + r.body());
                return UNAVAILABLE;
            }
            System.out.println(r.text("jobId"));
            System.err.println("state: " + r.text("state"));
            return OK;
        }
    }

    @Command(name = "status", description = "Print a job's status (JSON) from a running gateway.")
    static final class Status implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB-ID") String jobId;
        @CommandLine.Mixin GatewayUrl gateway;

        @Override
        public Integer call() throws Exception {
            GatewayClient.Reply r = gateway.client().status(jobId);
            System.out.println(r.body() == null ? "" : SpecJson.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(r.body()));
            return r.status() == 200 ? OK : r.status() == 404 ? JOB_FAILED : UNAVAILABLE;
        }
    }

    @Command(name = "watch", description = "Follow a job's events until it ends; exit code like run.")
    static final class Watch implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB-ID") String jobId;
        @CommandLine.Mixin GatewayUrl gateway;

        @Override
        public Integer call() throws Exception {
            JobFollower.Outcome o = new JobFollower(gateway.client(), System.err, stderrIsTty())
                    .follow(jobId);
            if (o.completed()) {
                System.err.println("job " + jobId + " completed");
                return OK;
            }
            System.err.println("job " + jobId + " " + o.state() + ": " + o.failure());
            return JOB_FAILED;
        }
    }

    @Command(name = "cancel", description = "Cancel a job through a running gateway.")
    static final class Cancel implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "JOB-ID") String jobId;
        @CommandLine.Mixin GatewayUrl gateway;

        @Override
        public Integer call() throws Exception {
            GatewayClient.Reply r = gateway.client().cancel(jobId);
            System.err.println("HTTP " + r.status() + ": " + r.body());
            return r.status() == 202 ? OK : r.status() == 409 || r.status() == 404 ? JOB_FAILED : UNAVAILABLE;
        }
    }

    @Command(name = "plot", description = "Draw a result.json's panels as SVG files (test loss vs the swept "
            + "data size or parameter, and vs steps).")
    static final class Plot implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RESULT.json") Path result;
        @Option(names = "--out", description = "folder for the SVG files (default: the result's folder)") Path out;

        @Override
        public Integer call() {
            if (!Files.isReadable(result)) {
                System.err.println("cannot read " + result);
                return USAGE;
            }
            Path dir = out != null ? out : result.toAbsolutePath().getParent();
            try {
                SvgPlots.write(result, dir).forEach(System.out::println);
                return OK;
            } catch (RuntimeException e) {
                System.err.println("cannot plot " + result + ": " + e.getMessage());
                return USAGE;
            }
        }
    }

    /**
     * {@code --data DIR}: where a worker in this process finds dataset files given by relative paths
     * (the presets say {@code cifar-10-batches-bin}); the environment variable TRANSFERLAB_DATA does the same.
     */
    static final class DataFolder {
        @Option(names = "--data", paramLabel = "DIR",
                description = "folder that relative dataset paths resolve against (env TRANSFERLAB_DATA)")
        void folder(Path dir) {
            System.setProperty(DatasetLibrary.DATA_PROPERTY, dir.toAbsolutePath().toString());
        }
    }

    /** A spec file and its {@code --set} overrides, shared by {@code run} and {@code submit}. */
    static final class SpecInput {
        @Parameters(index = "0", paramLabel = "SPEC.json") Path file;
        @Option(names = "--set", paramLabel = "PATH=VALUE",
                description = "override a spec field, e.g. --set network.width=20000 (repeatable)") List<String> sets;

        /** The spec's bytes with the overrides applied; null (after saying why) when unreadable. */
        byte[] read(PrintStream err) {
            try {
                return SpecOverrides.apply(Files.readAllBytes(file), sets);
            } catch (IOException | IllegalArgumentException e) {
                err.println("cannot read " + file + ": " + e.getMessage());
                return null;
            }
        }
    }

    private static void printErrors(PrintStream err, JsonNode body) {
        err.println("invalid spec:");
        if (body != null && body.has("errors")) {
            for (JsonNode e : body.get("errors")) {
                err.println("  " + e.path("field").asText() + ": " + e.path("message").asText());
            }
        } else {
            err.println("  " + body);
        }
    }

    private static int blockUntilInterrupted(Stack stack) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try {
                closed.await(40, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "transferlab-shutdown"));
        try {
            stopped.await();
        } finally {
            stack.close();
            closed.countDown();
        }
        return OK;
    }

}
