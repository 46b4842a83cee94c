package org.transferlab.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.result.JobResult;

/**
 * What {@code GET /metrics} shows, kept in Micrometer's Prometheus registry (one per gateway, so two
 * gateways in one JVM do not mix their numbers):
 * <ul>
 * <li>{@code transferlab_jobs{state}}: jobs in the gateway's job table by state;</li>
 * <li>{@code transferlab_job_duration_seconds{outcome}}: histogram of computing time (started to
 * ended) of the jobs that ended while this gateway ran;</li>
 * <li>{@code transferlab_queue_lag{topic,group,partition}}: records of {@code transfer.jobs} the
 * workers have not finished ({@code transfer-worker-queue}, or {@code transfer-workers} while the
 * partitions queue is used);</li>
 * <li>{@code transferlab_engine_flops_per_second}: the engine's estimated flops of the last
 * completed job over its computing time, and {@code transferlab_engine_estimated_flops_total}, so
 * that {@code rate(flops_total) / rate(duration_sum)} is the throughput of all workers;</li>
 * <li>{@code transferlab_forged_records_total{topic}}: results and events ignored for want of a
 * valid signature (something other than a worker or gateway wrote them);</li>
 * <li>JVM memory, GC, threads, class loading, processor and uptime of the gateway's JVM.</li>
 * </ul>
 * Job numbers are fed from the gateway's event loop; the registry itself is thread-safe.
 */
final class GatewayMetrics implements AutoCloseable {
    /** Jobs take from under a second (theory only) to hours (paper-sized simulations). */
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30),
        Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(24)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<JobState, AtomicLong> jobs = new EnumMap<>(JobState.class);
    private final Map<Integer, AtomicLong> lagBits = new ConcurrentHashMap<>();
    private final AtomicLong lastFlopsPerSecondBits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
    private final Counter estimatedFlops;

    GatewayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (JobState s : JobState.values()) {
            AtomicLong n = new AtomicLong();
            jobs.put(s, n);
            Gauge.builder("transferlab.jobs", n, AtomicLong::get).tag("state", s.json())
                    .description("jobs in this gateway's job table, by state").register(registry);
        }
        Gauge.builder("transferlab.engine.flops.per.second", lastFlopsPerSecondBits,
                        b -> Double.longBitsToDouble(b.get()))
                .description("estimated flops of the last completed job divided by its computing time (NaN before one)")
                .register(registry);
        for (String topic : new String[]{Topics.RESULTS, Topics.EVENTS}) {
            forgedCounter(topic); // shown as 0 from the start, so that an alert on its rate has a series
        }
        estimatedFlops = Counter.builder("transferlab.engine.estimated.flops")
                .description("estimated flops of the jobs completed while this gateway ran").register(registry);
    }

    /** The job table's counts by state (states absent from the map count zero). */
    void jobs(Map<JobState, Long> byState) {
        jobs.forEach((s, n) -> n.set(byState.getOrDefault(s, 0L)));
    }

    /**
     * A result that arrived live, with the engine's cost estimate of its spec (null when it has none).
     */
    void completed(JobResult r, CostEstimate cost) {
        long ms = Math.max(0, r.durationMs());
        duration("completed").record(ms, TimeUnit.MILLISECONDS);
        if (cost != null && cost.flops() > 0) {
            estimatedFlops.increment(cost.flops());
            if (ms > 0) {
                lastFlopsPerSecondBits.set(Double.doubleToLongBits(cost.flops() / (ms / 1000.0)));
            }
        }
    }

    /** A record on {@code topic} ignored for want of a valid signature. */
    void forged(String topic) {
        forgedCounter(topic).increment();
    }

    private Counter forgedCounter(String topic) {
        return Counter.builder("transferlab.forged.records").tag("topic", topic)
                .description("results and events ignored for want of a valid signature").register(registry);
    }

    /** A job that failed or was cancelled after it had started, {@code ms} after its start. */
    void ended(JobState outcome, long ms) {
        duration(outcome.json()).record(Math.max(0, ms), TimeUnit.MILLISECONDS);
    }

    private Timer duration(String outcome) {
        return Timer.builder("transferlab.job.duration").tag("outcome", outcome)
                .description("computing time of jobs (started to ended), seen while this gateway ran")
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry);
    }

    /**
     * The lag of {@code transfer.jobs} per partition; null when it could not be read, which shows as
     * NaN (unknown) rather than as a stale number.
     */
    void lag(Map<Integer, Long> byPartition) {
        if (byPartition == null) {
            lagBits.values().forEach(b -> b.set(Double.doubleToLongBits(Double.NaN)));
            return;
        }
        byPartition.forEach((p, n) -> lagBits.computeIfAbsent(p, this::lagGauge).set(Double.doubleToLongBits(n)));
    }

    private AtomicLong lagGauge(int partition) {
        AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
        Gauge.builder("transferlab.queue.lag", bits, b -> Double.longBitsToDouble(b.get()))
                .tag("topic", Topics.JOBS).tag("group", Topics.WORKER_SHARE_GROUP)
                .tag("partition", String.valueOf(partition))
                .description("records of transfer.jobs the workers have not finished (queued or running jobs)")
                .register(registry);
        return bits;
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
