package org.transferlab.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.transferlab.engine.bench.DmftStepWorkload;
import org.transferlab.engine.bench.GdStepWorkload;
import org.transferlab.engine.bench.KernelRidgeWorkload;
import org.transferlab.engine.bench.LinearFlowWorkload;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Lapack;
import org.transferlab.engine.linalg.ParallelRows;
import org.transferlab.protocol.spec.SpecJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code transferlab bench}: the performance figures (docs/performance.md) at fixed sizes, each the median of repeated runs
 * after warm-up, with the achieved GFLOP/s where a flop count applies, and which BLAS runs.
 * (a) GD step, (b) particle-DMFT step, (c) kernel ridge regression, (d) linear-theory ODE,
 * (e) job latency and throughput through Kafka, (f) one job's seeds over one and two worker JVMs.
 * {@code --quick} shrinks every size (for tests: the numbers mean nothing then).
 */
@Command(name = "bench",
        description = "Measure the engine's hot paths and the job system at fixed documented sizes.")
public final class Bench implements Callable<Integer> {
    @Option(names = "--json", description = "print JSON instead of a table") boolean json;
    @Option(names = "--only", split = ",", description = "figures to measure, any of a,b,c,d,e,f (default: all)")
    List<String> only;
    @Option(names = "--repeats", defaultValue = "9", description = "timed repeats per figure (default ${DEFAULT-VALUE})")
    int repeats;
    @Option(names = "--warmup", defaultValue = "3", description = "untimed runs first (default ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--dmft-steps", defaultValue = "8", description = "steps per timed DMFT phase (default ${DEFAULT-VALUE})")
    int dmftSteps;
    @Option(names = "--latency-jobs", defaultValue = "100", description = "jobs for the latency percentiles (default ${DEFAULT-VALUE})")
    int latencyJobs;
    @Option(names = "--batch-jobs", defaultValue = "100", description = "jobs per throughput batch (default ${DEFAULT-VALUE})")
    int batchJobs;
    @Option(names = "--cpu-jobs", defaultValue = "256", description = "CPU-bound jobs per throughput batch (default ${DEFAULT-VALUE})")
    int cpuJobs;
    @Option(names = "--gd-size", split = ",", description = "GD step sizes P,D,N (default 1000,100,4096)")
    int[] gdSize = {GdStepWorkload.P, GdStepWorkload.D, GdStepWorkload.N};
    @Option(names = "--dmft-size", split = ",", description = "DMFT sizes M,P,Q,D (default 4096,1000,2000,100)")
    int[] dmftSize = {DmftStepWorkload.M, DmftStepWorkload.P, DmftStepWorkload.Q, DmftStepWorkload.D};
    @Option(names = "--krr-size", description = "kernel ridge P (= test points; default 2000)")
    int krrSize = KernelRidgeWorkload.P;
    @Option(names = "--flow-dim", description = "linear-theory ODE dimension D (default 200)")
    int flowDim = LinearFlowWorkload.D;
    @Option(names = "--rounds", defaultValue = "3",
            description = "(f) rounds of one run with one worker and one with two (default ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--worker-compute-threads", defaultValue = "0", description = "(f) compute threads and processors "
            + "of every worker JVM, in both runs (default 0: half the cores, at least 1)")
    int workerComputeThreads;
    @Option(names = "--quick", description = "tiny sizes and few repeats: checks that everything runs, measures nothing")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            gdSize = new int[] {50, 10, 64};
            dmftSize = new int[] {64, 40, 80, 10};
            krrSize = 60;
            flowDim = 10;
            repeats = Math.min(repeats, 3);
            warmup = Math.min(warmup, 1);
            dmftSteps = 2;
            latencyJobs = Math.min(latencyJobs, 4);
            batchJobs = Math.min(batchJobs, 4);
            cpuJobs = Math.min(cpuJobs, 2);
            rounds = 1;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (workerComputeThreads == 0) {
            workerComputeThreads = Math.max(1, cores / 2);
        }
        if (rounds < 1 || workerComputeThreads < 1 || workerComputeThreads > ParallelRows.MAX_THREADS) {
            System.err.println("--rounds must be at least 1 and --worker-compute-threads between 0 (half the cores) and "
                    + ParallelRows.MAX_THREADS + ", got " + rounds + " and " + workerComputeThreads);
            return Main.USAGE;
        }
        Set<String> which = new LinkedHashSet<>(only == null || only.isEmpty() ? List.of("a", "b", "c", "d", "e", "f")
                : only.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList());
        PrintStream err = System.err;
        ObjectNode root = SpecJson.mapper().createObjectNode();
        root.putObject("blas").put("implementation", Blas.implementation()).put("native", Blas.isNative());
        root.putObject("lapack").put("implementation", Lapack.implementation()).put("native", Lapack.isNative());
        root.put("cores", cores);
        String openblasThreads = System.getenv("OPENBLAS_NUM_THREADS");
        root.put("openblasThreads", openblasThreads == null ? "unset" : openblasThreads);
        root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        root.put("repeats", repeats).put("warmup", warmup);
        // the machine may be shared: a load above the core count makes the two-core splits wait
        root.put("loadAverageAtStart", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        ObjectNode figures = root.putObject("figures");

        if (which.contains("a")) {
            err.println("(a) GD step ...");
            GdStepWorkload w = new GdStepWorkload(gdSize[0], gdSize[1], gdSize[2], 1);
            Timing t = Timing.of(warmup, repeats, w::step);
            compute(figures, "gdStep", "GD step, two-layer ReLU (forward + backward)", w.size(), t, w.flops());
        }
        if (which.contains("b")) {
            err.println("(b) particle-DMFT step ...");
            DmftStepWorkload w = new DmftStepWorkload(dmftSize[0], dmftSize[1], dmftSize[2], dmftSize[3], 1);
            int k = dmftSteps;
            Timing withSteps = Timing.of(Math.max(1, warmup / 2), repeats, () -> w.run(k));
            Timing without = Timing.of(Math.max(1, warmup / 2), repeats, () -> w.run(0));
            double[] perStep = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                perStep[i] = (withSteps.millis()[i] - without.millis()[i]) / k;
            }
            Timing paired = new Timing(perStep);
            // at tiny sizes or under load the set-up's jitter can exceed k steps; the whole phase / k
            // is then the honest figure (an upper bound), never a zero or negative step time
            boolean resolved = paired.median() > 0;
            Timing t = resolved ? paired : withSteps.scaled(1.0 / k);
            ObjectNode f = compute(figures, "dmftStep", "particle-DMFT step, weight space", w.size(), t, w.flops());
            f.put("method", resolved
                    ? "(phase of " + k + " steps - phase of 0 steps) / " + k + ", paired by repeat"
                    : "upper bound: phase of " + k + " steps / " + k + " (set-up jitter exceeded the steps)");
            f.put("phaseOfZeroStepsMs", without.median());
        }
        if (which.contains("c")) {
            err.println("(c) kernel ridge regression ...");
            KernelRidgeWorkload w = new KernelRidgeWorkload(krrSize, krrSize, 100, 1);
            Timing t = Timing.of(warmup, repeats, w::run);
            compute(figures, "kernelRidge", "kernel ridge: Cholesky solve + prediction", w.size(), t, w.flops());
        }
        if (which.contains("d")) {
            err.println("(d) linear-theory ODE ...");
            LinearFlowWorkload w = new LinearFlowWorkload(flowDim, 1);
            long[] rkSteps = new long[1];
            Timing t = Timing.of(Math.min(warmup, 2), repeats, () -> rkSteps[0] = w.run().steps());
            ObjectNode f = compute(figures, "linearFlow", "linear-theory ODE to convergence (adaptive RK4)", w.size(), t,
                    Double.NaN);
            f.put("rk4Steps", rkSteps[0]);
        }
        if (which.contains("e")) {
            err.println("(e) job latency and throughput through Kafka (embedded broker) ...");
            KafkaBench.Result r = new KafkaBench(latencyJobs, batchJobs, cpuJobs,
                    quick ? Duration.ZERO : Duration.ofSeconds(60)).run();
            ObjectNode lat = figures.putObject("jobLatency");
            lat.put("label", "trivial job, send to completed event through Kafka, one worker");
            lat.put("jobs", r.latencyJobs());
            lat.put("p50Ms", r.latency().median());
            lat.put("p99Ms", r.latency().quantile(0.99));
            lat.put("engineOnlyMedianMs", r.engineOnly().median());
            lat.put("overheadP50Ms", r.latency().median() - r.engineOnly().median());
            lat.putObject("p50PartsMs").put("sendToStarted", r.latencyParts().toStarted().median())
                    .put("startedToCompleted", r.latencyParts().toCompleted().median())
                    .put("completedToSeen", r.latencyParts().toSeen().median());
            throughput(figures.putObject("throughput"), "batches of trivial jobs sent at once", r.trivial());
            throughput(figures.putObject("cpuBoundThroughput"), "batches of CPU-bound jobs (GD simulations, "
                    + "N = 200, D = 40, 2 seeds) sent at once", r.cpuBound())
                    .put("engineOnlyMedianMs", r.cpuEngineOnly().median()).put("jobsPerWorkerWithTwo", r.cpuSplit())
                    .put("twoOverOneAllowedBySplit", r.cpuSplitBound())
                    .put("jitMsDuringOneWorker", r.cpuJitMs()[0]).put("jitMsDuringTwoWorkers", r.cpuJitMs()[1]);
        }
        if (which.contains("f")) {
            err.println("(f) one job's seeds over one and two worker JVMs (embedded broker and gateway) ...");
            // quick: two draws just above the cost at which the gateway splits draws, one small warm-up job
            SeedSplitBench.Result r = new SeedSplitBench(rounds, quick ? 2 : 4, quick ? 250 : 500, workerComputeThreads,
                    quick ? 1 : 2, err).run();
            seedSplit(figures.putObject("seedSplit"), r);
        }
        PrintStream out = System.out;
        if (json) {
            out.println(SpecJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            printTable(out, root);
        }
        return Main.OK;
    }

    private static ObjectNode compute(ObjectNode figures, String key, String label, String size, Timing t, double flops) {
        ObjectNode f = figures.putObject(key);
        f.put("label", label);
        f.put("size", size);
        f.put("medianMs", t.median());
        f.put("minMs", t.min());
        f.put("repeats", t.millis().length);
        if (!Double.isNaN(flops)) {
            f.put("gflop", flops / 1e9);
            f.put("gflops", flops / 1e9 / (t.median() / 1e3));
        }
        return f;
    }

    private static ObjectNode throughput(ObjectNode thr, String label, KafkaBench.Throughput t) {
        return thr.put("label", label).put("batchJobs", t.jobs()).put("oneWorkerJobsPerSecond", t.oneWorker())
                .put("twoWorkersJobsPerSecond", t.twoWorkers()).put("twoOverOne", t.ratio());
    }

    private static void seedSplit(ObjectNode f, SeedSplitBench.Result r) {
        f.put("label", "one job of " + r.seeds() + " seeds, a child job per draw, 1 worker vs 2 workers");
        f.put("seeds", r.seeds()).put("steps", r.steps()).put("drawGflop", r.drawFlops() / 1e9);
        f.put("workers", "separate JVMs (transferlab worker, concurrency 1), started afresh for each run");
        f.put("computeThreadsPerWorker", r.computeThreads());
        f.put("workerJvmOptions", String.join(" ", r.workerJvmOptions()));
        Timing ratios = r.ratios();
        f.put("twoOverOneMedian", ratios.median()).put("twoOverOneMin", ratios.min()).put("twoOverOneMax", ratios.max());
        f.put("oneWorkerMedianMs", r.oneWorker().median()).put("twoWorkersMedianMs", r.twoWorkers().median());
        var rows = f.putArray("rounds");
        for (SeedSplitBench.Round round : r.rounds()) {
            rows.addObject().put("order", round.twoFirst() ? "2 workers, then 1" : "1 worker, then 2")
                    .put("oneWorkerMs", round.oneWorker().millis()).put("twoWorkersMs", round.twoWorkers().millis())
                    .put("twoOverOne", round.ratio()).put("childrenPerWorkerWithTwo", round.twoWorkers().split())
                    .put("loadAverageOneWorker", round.oneWorker().loadAverage())
                    .put("loadAverageTwoWorkers", round.twoWorkers().loadAverage());
        }
    }

    private static void printTable(PrintStream out, ObjectNode root) {
        out.printf("LAPACK (kernel ridge): %s%n", root.path("lapack").path("native").asBoolean()
                ? root.path("lapack").path("implementation").asText() + " (native)" : "EJML (no native LAPACK)");
        out.printf("BLAS: %s (%s), %d cores, OPENBLAS_NUM_THREADS=%s, %s; median of %d after %d warm-up%n",
                root.path("blas").path("implementation").asText(), root.path("blas").path("native").asBoolean()
                        ? "native" : "pure Java", root.path("cores").asInt(), root.path("openblasThreads").asText(),
                root.path("java").asText(), root.path("repeats").asInt(), root.path("warmup").asInt());
        out.printf("load average at start: %.2f%n", root.path("loadAverageAtStart").asDouble());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "size", "median", "GFLOP/s", "note"});
        var figures = root.path("figures");
        for (String key : List.of("gdStep", "dmftStep", "kernelRidge", "linearFlow")) {
            var f = figures.path(key);
            if (f.isMissingNode()) {
                continue;
            }
            String note = f.has("rk4Steps") ? f.path("rk4Steps").asLong() + " RK4 steps" : "";
            rows.add(new String[] {f.path("label").asText(), f.path("size").asText(),
                    String.format(Locale.ROOT, "%.1f ms", f.path("medianMs").asDouble()),
                    f.has("gflops") ? String.format(Locale.ROOT, "%.1f", f.path("gflops").asDouble()) : "-", note});
        }
        var lat = figures.path("jobLatency");
        if (!lat.isMissingNode()) {
            rows.add(new String[] {"job latency through Kafka (p50 / p99)", lat.path("jobs").asInt() + " trivial jobs",
                    String.format(Locale.ROOT, "%.1f / %.1f ms", lat.path("p50Ms").asDouble(), lat.path("p99Ms").asDouble()),
                    "-", String.format(Locale.ROOT, "engine alone %.1f ms; p50 send->started %.0f, ->completed %.0f, ->seen %.0f ms",
                            lat.path("engineOnlyMedianMs").asDouble(), lat.path("p50PartsMs").path("sendToStarted").asDouble(),
                            lat.path("p50PartsMs").path("startedToCompleted").asDouble(),
                            lat.path("p50PartsMs").path("completedToSeen").asDouble())});
            for (String[] kind : new String[][] {{"throughput", "trivial"}, {"cpuBoundThroughput", "CPU-bound"}}) {
                var thr = figures.path(kind[0]);
                rows.add(new String[] {"throughput, 1 / 2 workers", thr.path("batchJobs").asInt() + " " + kind[1] + " jobs",
                        String.format(Locale.ROOT, "%.1f / %.1f jobs/s", thr.path("oneWorkerJobsPerSecond").asDouble(),
                                thr.path("twoWorkersJobsPerSecond").asDouble()),
                        "-", String.format(Locale.ROOT, "x%.2f", thr.path("twoOverOne").asDouble())
                                + (thr.has("jobsPerWorkerWithTwo") ? String.format(Locale.ROOT,
                                ", split %s (allows x%.2f); JIT busy %d / %d ms", thr.path("jobsPerWorkerWithTwo").asText(),
                                thr.path("twoOverOneAllowedBySplit").asDouble(), thr.path("jitMsDuringOneWorker").asLong(),
                                thr.path("jitMsDuringTwoWorkers").asLong()) : "")});
            }
        }
        var split = figures.path("seedSplit");
        if (!split.isMissingNode()) {
            List<String> children = new ArrayList<>();
            double lowLoad = Double.MAX_VALUE;
            double highLoad = 0;
            for (var round : split.path("rounds")) {
                children.add(round.path("childrenPerWorkerWithTwo").asText());
                for (String k : List.of("loadAverageOneWorker", "loadAverageTwoWorkers")) {
                    lowLoad = Math.min(lowLoad, round.path(k).asDouble());
                    highLoad = Math.max(highLoad, round.path(k).asDouble());
                }
            }
            rows.add(new String[] {"one job's seeds, 1 / 2 worker JVMs", String.format(Locale.ROOT,
                    "%d draws of %.0f Gflop, %d compute thread(s) per worker", split.path("seeds").asInt(),
                    split.path("drawGflop").asDouble(), split.path("computeThreadsPerWorker").asInt()),
                    String.format(Locale.ROOT, "%.1f / %.1f s", split.path("oneWorkerMedianMs").asDouble() / 1e3,
                            split.path("twoWorkersMedianMs").asDouble() / 1e3), "-",
                    String.format(Locale.ROOT, "x%.2f median (%.2f-%.2f) of %d rounds; children per worker with 2: %s; "
                                    + "load average %.1f-%.1f", split.path("twoOverOneMedian").asDouble(),
                            split.path("twoOverOneMin").asDouble(), split.path("twoOverOneMax").asDouble(),
                            children.size(), String.join(", ", children), lowLoad, highLoad)});
        }
        int[] width = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < 5; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                sb.append(String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
