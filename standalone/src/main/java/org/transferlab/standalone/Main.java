package org.transferlab.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.transferlab.engine.data.DataRoots;
import org.transferlab.engine.linalg.ParallelRows;
import org.transferlab.gateway.ApiTokens;
import org.transferlab.gateway.GatewayOptions;
import org.transferlab.messaging.SigningKeys;
import org.transferlab.protocol.event.CostLimits;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.worker.RetryPolicy;
import org.transferlab.worker.QueueMode;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code transferlab} command line: the commands that run roles (run, serve, gateway, worker) are
 * here; the gateway's clients and {@code plot} and {@code bench} have files of their own. Scope
 * INHERIT gives every subcommand {@code --help} and {@code --version}.
 */
@Command(name = "transferlab", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "transferlab 0.1.0",
        description = "Transfer learning in wide two-layer networks: theory and simulation as a service.",
        subcommands = {Main.Run.class, Main.Serve.class, Main.Gateway.class, Main.Worker.class, SubmitCommand.class,
                StatusCommand.class, WatchCommand.class, CancelCommand.class, PlotCommand.class, Bench.class})
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
        return commandLine().execute(args);
    }

    /** The command tree with its parser settings, not yet run. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
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

    /** The tokens a gateway requires (none: the API is open). */
    static final class Tokens {
        @Option(names = "--tokens", paramLabel = "[NAME=]TOKEN:SCOPES;...",
                description = "require bearer tokens, e.g. 'alice=tokA:read,write;tokB:read' (prefer "
                        + "--tokens-file or env TRANSFERLAB_TOKENS: a command line is visible to every local user)")
        String tokens;
        @Option(names = "--tokens-file", defaultValue = "${env:TRANSFERLAB_TOKENS_FILE}",
                description = "file of [NAME=]TOKEN:SCOPES lines, # comments (env TRANSFERLAB_TOKENS_FILE)")
        Path file;

        ApiTokens read() throws IOException {
            if (tokens != null) {
                System.err.println("warning: tokens given with --tokens show in the process list (ps) to every "
                        + "user of this machine; use --tokens-file FILE or the environment variable TRANSFERLAB_TOKENS");
            }
            ApiTokens t = ApiTokens.parse(tokens).and(ApiTokens.parse(System.getenv("TRANSFERLAB_TOKENS")));
            return file == null ? t : t.and(ApiTokens.read(file));
        }
    }

    /** Web origins besides the gateway's own whose pages may use the API and the event-bus bridge. */
    static final class AllowedOrigins {
        private static final String ENV = "TRANSFERLAB_ALLOWED_ORIGINS";
        @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
                description = "also accept changes and event-bus connections from pages of this origin, e.g. "
                        + "https://lab.example.org (repeatable; env " + ENV + ", comma-separated)")
        List<String> origins = new java.util.ArrayList<>();

        GatewayOptions applyTo(GatewayOptions options) {
            List<String> all = new java.util.ArrayList<>(origins);
            String env = System.getenv(ENV);
            if (env != null) {
                all.addAll(List.of(env.split(",")));
            }
            return options.withAllowedOrigins(all, "--allowed-origin or " + ENV);
        }
    }

    /**
     * The keys that sign results and events, which a gateway and workers in separate processes must
     * share. Never on the command line itself (it would show in {@code ps}): a file or the environment.
     */
    static final class ResultKeys {
        @Option(names = "--result-keys-file", paramLabel = "FILE",
                description = "file of keys that sign results, one a line, newest first (else env "
                        + SigningKeys.ENV_KEYS + ", comma-separated keys, or env " + SigningKeys.ENV_KEYS_FILE + ")")
        Path file;

        /** The keys, or null after saying on stderr that none is configured or why they cannot be read. */
        SigningKeys read() {
            java.util.Optional<SigningKeys> keys;
            try {
                keys = file != null ? java.util.Optional.of(SigningKeys.read(file)) : SigningKeys.configured(System.getenv());
            } catch (RuntimeException e) { // unreadable file, or a key too short: the message names which
                System.err.println(e.getMessage());
                return null;
            }
            if (keys.isEmpty()) {
                System.err.println("no result-signing key: give every gateway and worker of this cluster the same "
                        + "keys with --result-keys-file FILE or " + SigningKeys.ENV_KEYS + " (see docs/security.md)");
            }
            return keys.orElse(null);
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
            try (Stack stack = Stack.embedded(dataDir, 0)) {
                stack.withLocalRoles(GatewayOptions.of(stack.bootstrap(), port).withLimits(limits.limits()), concurrency);
                GatewayClient client = new GatewayClient(stack.gatewayUrl());
                GatewayClient.Reply reply = client.submit(body);
                if (reply.status() == 400 || reply.status() == 422) {
                    SpecErrors.print(err, reply.body());
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
                List<Path> written = ResultFiles.write(result, dir);
                err.printf("completed in %.2f s: %d rows%n", result.durationMs() / 1000.0, result.rows().size());
                written.forEach(p -> System.out.println(p));
                return OK;
            }
        }
    }

    @Command(name = "serve", description = "Embedded Kafka, gateway and worker; stays up until Ctrl-C.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin DataFolder data;
        @CommandLine.Mixin Tokens tokens;
        @CommandLine.Mixin AllowedOrigins origins;
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
            Stack stack = Stack.embedded(dataDir, kafkaPort);
            stack.withLocalRoles(origins.applyTo(GatewayOptions.of(stack.bootstrap(), port).withTokens(required)
                    .withLimits(limits.limits())), concurrency);
            System.err.println("Kafka bootstrap " + stack.bootstrap() + "; gateway " + stack.gatewayUrl()
                    + " (Ctrl-C to stop)");
            return blockUntilInterrupted(stack);
        }
    }

    @Command(name = "gateway", description = "Run the HTTP gateway against an existing Kafka cluster.")
    static final class Gateway implements Callable<Integer> {
        @CommandLine.Mixin DataFolder data;
        @CommandLine.Mixin Tokens tokens;
        @CommandLine.Mixin Bootstrap kafka;
        @CommandLine.Mixin AllowedOrigins origins;
        @CommandLine.Mixin ResultKeys resultKeys;
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
            SigningKeys keys = resultKeys.read();
            if (keys == null) {
                return USAGE;
            }
            Stack stack = Stack.external(kafka.servers).withGateway(origins.applyTo(GatewayOptions.of(kafka.servers, port)
                    .withLimits(new CostLimits(maxFlops, maxMemory)).withTokens(required).withSigner(keys.signer())));
            System.err.println("gateway " + stack.gatewayUrl() + " on Kafka " + kafka.servers + " (Ctrl-C to stop)");
            return blockUntilInterrupted(stack);
        }
    }

    @Command(name = "worker", description = "Run a worker against an existing Kafka cluster.")
    static final class Worker implements Callable<Integer> {
        @CommandLine.Mixin DataFolder data;
        @CommandLine.Mixin Bootstrap kafka;
        @CommandLine.Mixin ResultKeys resultKeys;
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
        @Option(names = "--compute-threads", defaultValue = "${env:TRANSFERLAB_WORKER_COMPUTE_THREADS:-0}",
                description = "threads one job's products and passes are split over, in this worker's JVM: with "
                        + "several workers on one host, its cores divided by the workers (env "
                        + "TRANSFERLAB_WORKER_COMPUTE_THREADS; 0 = one per core, the default)") int computeThreads;

        @Override
        public Integer call() throws Exception {
            SigningKeys keys = resultKeys.read();
            if (keys == null) {
                return USAGE;
            }
            if (computeThreads < 0 || computeThreads > ParallelRows.MAX_THREADS) {
                System.err.println("--compute-threads must be between 0 (one per core) and " + ParallelRows.MAX_THREADS
                        + ", got " + computeThreads);
                return USAGE;
            }
            if (computeThreads > 0) {
                ParallelRows.useThreads(computeThreads);
            }
            WorkerVerticle w = new WorkerVerticle(WorkerOptions.of(kafka.servers).withConcurrency(concurrency)
                    .withSigner(keys.signer())
                    .withName(name).withRetry(new RetryPolicy(retries, retryBackoffMs))
                    .withLimits(new CostLimits(maxFlops, maxMemory))
                    .withMaxPollIntervalMs(maxPollIntervalMs).withQueue(queue));
            Stack stack = Stack.external(kafka.servers).withWorker(w);
            System.err.println("worker " + w.name() + " on Kafka " + kafka.servers + ", " + ParallelRows.threads()
                    + " compute thread(s) (Ctrl-C to stop)");
            return blockUntilInterrupted(stack);
        }
    }

    /**
     * {@code --data DIR}: the data root, the only folder a dataset task's path may name files in (and
     * the first place registered datasets are looked for); the environment variable TRANSFERLAB_DATA
     * does the same. Default: {@code ./data}.
     */
    static final class DataFolder {
        @Option(names = "--data", paramLabel = "DIR",
                description = "data root: dataset paths resolve under it and may not leave it; registered datasets "
                        + "(fashion-mnist, mnist, cifar10) are looked for here, then in /usr/share/datasets "
                        + "(env TRANSFERLAB_DATA; default ./data)")
        void folder(Path dir) {
            System.setProperty(DataRoots.DATA_PROPERTY, dir.toAbsolutePath().toString());
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
