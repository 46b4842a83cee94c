package org.transferlab.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.engine.experiment.CostModel;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * (f) One job's seeds spread over workers: the same single-point job of several seeds, each draw
 * costly enough that the gateway makes it a child job of its own, timed from submission to the
 * parent's completion with one worker and with two, side by side in each round (the order alternating
 * from round to round, so that a drift of the machine's load falls on both). An embedded broker and a
 * gateway run in this JVM; every worker is a JVM of its own ({@code transferlab worker}, concurrency
 * 1), as on separate hosts, started afresh for each run and warmed up on small jobs of the same kind
 * before the timed one. Each worker JVM gets the same fixed share of the machine in both runs
 * ({@code --compute-threads} and {@code -XX:ActiveProcessorCount}), so that two workers on one
 * machine emulate two hosts of that many cores instead of one worker owning every core.
 */
final class SeedSplitBench {
    /** Steps of a warm-up job: the timed job's code paths, below the cost at which draws are split. */
    private static final int WARMUP_STEPS = 20;
    /** Warm-up batches at most before giving up on a worker that takes no job. */
    private static final int MAX_WARMUP_BATCHES = 40;

    /**
     * The job: finite-width linear networks (N = 800, D = 60) trained by GD on the source and
     * fine-tuned on the target; at 500 steps a draw is estimated at 2.5e11 flops (the gateway splits
     * draws from 1e11) and takes about 8-10 s on one core.
     */
    static String spec(long seed, int seeds, int steps) {
        return """
                {"name":"bench-seeds-%d","network":{"activation":"linear","width":800},"inputDim":60,
                 "source":{"samples":120,"steps":%d},"target":{"samples":30,"task":{"alignment":0.7},"steps":%d},
                 "curvePoints":20,"seeds":%d,"seed":%d}
                """.formatted(seed, steps, steps, seeds, seed);
    }

    /**
     * One timed run.
     *
     * @param children       child jobs per worker, in the order the workers were started
     * @param loadAverage    the machine's 1-minute load average when the job was submitted
     */
    record Run(double millis, List<Integer> children, double loadAverage) {
        String split() {
            return String.join("/", children.stream().map(String::valueOf).toList());
        }
    }

    /** The two runs of one round, in the order they ran. */
    record Round(Run oneWorker, Run twoWorkers, boolean twoFirst) {
        double ratio() {
            return twoWorkers.millis() / oneWorker.millis();
        }
    }

    record Result(List<Round> rounds, int seeds, int steps, double drawFlops, int computeThreads,
                  List<String> workerJvmOptions) {
        Timing ratios() {
            return new Timing(rounds.stream().mapToDouble(Round::ratio).toArray());
        }

        Timing oneWorker() {
            return new Timing(rounds.stream().mapToDouble(r -> r.oneWorker().millis()).toArray());
        }

        Timing twoWorkers() {
            return new Timing(rounds.stream().mapToDouble(r -> r.twoWorkers().millis()).toArray());
        }
    }

    private final int rounds;
    private final int seeds;
    private final int steps;
    private final int computeThreads;
    private final List<String> workerJvmOptions;
    private final int warmupJobsPerWorker;
    private final PrintStream log;
    private long nextSeed = System.nanoTime() & 0xffffffL; // no draw is one an earlier run stored

    /**
     * @param computeThreads      compute threads (and processors seen) of every worker JVM
     * @param warmupJobsPerWorker small jobs each worker computes before a timed run
     * @param log                 where each run is reported as it ends
     */
    SeedSplitBench(int rounds, int seeds, int steps, int computeThreads, int warmupJobsPerWorker, PrintStream log) {
        this.rounds = rounds;
        this.seeds = seeds;
        this.steps = steps;
        this.computeThreads = computeThreads;
        this.workerJvmOptions = workerJvmOptions(computeThreads);
        this.warmupJobsPerWorker = warmupJobsPerWorker;
        this.log = log;
    }

    Result run() throws Exception {
        List<Round> done = new ArrayList<>();
        try (Stack stack = Stack.embedded(null, 0).withGateway(0)) {
            GatewayClient client = new GatewayClient(stack.gatewayUrl());
            for (int r = 0; r < rounds; r++) {
                boolean twoFirst = r % 2 == 1;
                Run first = timed(stack, client, twoFirst ? 2 : 1, r);
                Run second = timed(stack, client, twoFirst ? 1 : 2, r);
                done.add(twoFirst ? new Round(second, first, true) : new Round(first, second, false));
            }
        }
        return new Result(done, seeds, steps, drawFlops(), computeThreads, workerJvmOptions);
    }

    /** The cost model's estimate of one draw of the job (what decides that the draws are split). */
    private double drawFlops() {
        ExperimentSpec spec = KafkaBench.validated(spec(0, seeds, steps));
        return CostModel.estimateWithoutFiles(spec.oneDraw(0)).flops();
    }

    private Run timed(Stack stack, GatewayClient client, int workers, int round) throws Exception {
        List<WorkerProcess> started = new ArrayList<>();
        try {
            for (int i = 1; i <= workers; i++) {
                started.add(WorkerProcess.start(stack.bootstrap(), "f" + (round + 1) + "-" + workers + "w-" + i,
                        workerJvmOptions, List.of("--compute-threads", String.valueOf(computeThreads),
                                "--concurrency", "1")));
            }
            warmUp(client, started);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long t0 = System.nanoTime();
            JsonNode status = completed(client, submit(client, spec(nextSeed++, seeds, steps)), started);
            double ms = (System.nanoTime() - t0) / 1e6;
            Run run = new Run(ms, childrenPerWorker(client, status, started), load);
            log.printf("    round %d, %d worker(s): %.1f s, children per worker %s, load average %.2f%n", round + 1,
                    workers, ms / 1e3, run.split(), load);
            return run;
        } finally {
            for (WorkerProcess w : started) {
                w.stop();
                w.close();
            }
        }
    }

    /**
     * Small jobs of the same kind, as many at once as there are workers, until every worker computed
     * {@link #warmupJobsPerWorker}: each JVM has compiled the hot loops and takes jobs from the group.
     */
    private void warmUp(GatewayClient client, List<WorkerProcess> workers) throws Exception {
        Map<String, Integer> computed = new LinkedHashMap<>();
        workers.forEach(w -> computed.put(w.name(), 0));
        for (int batch = 0; computed.values().stream().anyMatch(n -> n < warmupJobsPerWorker); batch++) {
            if (batch == MAX_WARMUP_BATCHES) {
                throw new IllegalStateException("figure f: not every worker took a warm-up job (" + computed + "); "
                        + lastLines(workers));
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < workers.size(); i++) {
                ids.add(submit(client, spec(nextSeed++, 1, WARMUP_STEPS)));
            }
            for (String id : ids) {
                computed.merge(completed(client, id, workers).path("worker").asText(), 1, Integer::sum);
            }
        }
    }

    private static String submit(GatewayClient client, String spec) throws IOException, InterruptedException {
        GatewayClient.Reply r = client.submit(spec.getBytes(StandardCharsets.UTF_8));
        if (r.status() != 202) {
            throw new IllegalStateException("figure f: the gateway answered " + r.status() + " to a new job: " + r.body());
        }
        return r.text("jobId");
    }

    /** Follows a job to its end; its final status, or an error naming how it ended and the workers' last words. */
    private static JsonNode completed(GatewayClient client, String id, List<WorkerProcess> workers) throws Exception {
        JobFollower.Outcome end = new JobFollower(client, new PrintStream(OutputStream.nullOutputStream()), false)
                .follow(id);
        if (!end.completed()) {
            throw new IllegalStateException("figure f: job " + id + " ended " + end.failure() + "; " + lastLines(workers));
        }
        return end.status();
    }

    /** How many of the parent's child jobs each worker computed; fails if the job was not split per draw. */
    private List<Integer> childrenPerWorker(GatewayClient client, JsonNode parent, List<WorkerProcess> workers)
            throws IOException, InterruptedException {
        JsonNode children = parent.path("children");
        if (children.size() != seeds) {
            throw new IllegalStateException("figure f: the job was not split into one child job per draw ("
                    + children.size() + " children of " + seeds + " draws)");
        }
        Map<String, Integer> perWorker = new LinkedHashMap<>();
        workers.forEach(w -> perWorker.put(w.name(), 0));
        for (JsonNode child : children) {
            perWorker.merge(client.status(child.path("jobId").asText()).text("worker"), 1, Integer::sum);
        }
        return List.copyOf(perWorker.values());
    }

    /**
     * A worker JVM as on a host of {@code computeThreads} cores: the engine's threads, and the JVM's
     * own sizing of its compiler and collector threads; the native BLAS this JVM was told to use.
     */
    private static List<String> workerJvmOptions(int computeThreads) {
        List<String> options = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseSerialGC",
                "-XX:ActiveProcessorCount=" + computeThreads));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("dev.ludovic.netlib."))
                .sorted().forEach(k -> options.add("-D" + k + "=" + System.getProperty(k)));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            options.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        return options;
    }

    private static String lastLines(List<WorkerProcess> workers) {
        StringBuilder sb = new StringBuilder();
        for (WorkerProcess w : workers) {
            String out = w.output().strip();
            sb.append("worker ").append(w.name()).append(w.isAlive() ? "" : " (exited)").append(" last wrote: ")
                    .append(out.substring(Math.max(0, out.length() - 600))).append('\n');
        }
        return sb.toString();
    }

}
