package org.transferlab.standalone;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.transferlab.engine.Engine;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * (e) The job system around the engine: an embedded broker and worker verticles in this JVM, jobs
 * written to {@code transfer.jobs} by a Kafka producer and their {@code completed} events read
 * from {@code transfer.events}, as any Kafka client would. Latency is one job at a time (send to
 * completed event); throughput is a batch sent at once, with one worker and then with two.
 */
final class KafkaBench {
    /** A trivial job: linear-network theory at D = 20 on 10 + 10 samples; {@code seed} makes each id new. */
    static String trivialSpec(long seed) {
        return """
                {"name":"bench-%d","network":{"activation":"linear"},"inputDim":20,"source":{"samples":10},
                 "target":{"samples":10},"methods":["theory"],"protocols":["scratch","finetune"],"seed":%d}
                """.formatted(seed, seed);
    }

    /**
     * A CPU-bound job: finite-width linear networks (N = 200, D = 40, 150 test points) trained by GD from
     * scratch and fine-tuned, two seeds, about 0.1 s of compute (measured warm). Its products are
     * below {@code Blas}' split threshold, so it runs on one thread, as most points of a sweep do, and
     * a second worker has the second core to use.
     */
    static String cpuBoundSpec(long seed) {
        return """
                {"name":"bench-cpu-%d","network":{"activation":"linear","width":200},"inputDim":40,"testSamples":150,
                 "source":{"samples":80,"steps":200},"target":{"samples":40,"steps":200},"methods":["simulation"],
                 "protocols":["scratch","finetune"],"seeds":2,"seed":%d}
                """.formatted(seed, seed);
    }

    /** Jobs per second of one batch kind with one worker and with two. */
    record Throughput(double oneWorker, double twoWorkers, int jobs) {
        double ratio() {
            return twoWorkers / oneWorker;
        }
    }

    /**
     * @param cpuSplit      how many of the CPU-bound batch each of the two workers computed, "a/b"
     * @param cpuSplitBound the most two workers could gain on that split: jobs / max(a, b)
     * @param cpuJitMs      JIT compilation time (ms, all compiler threads) during the one- and two-worker
     *                      CPU-bound batches
     */
    record Result(Timing latency, LatencyParts latencyParts, Timing engineOnly, Throughput trivial,
                  Throughput cpuBound, String cpuSplit, double cpuSplitBound, long[] cpuJitMs, Timing cpuEngineOnly,
                  int latencyJobs) {
    }

    /**
     * Where a trivial job's latency goes, from the Kafka timestamps of its events (wall clock, ms, one
     * JVM): send to the worker's {@code started} event (fetch, parse, the started event's send),
     * {@code started} to {@code completed} (the engine, the result's write and acknowledgement), and
     * {@code completed} to the client seeing it (fetch of transfer.events).
     */
    record LatencyParts(Timing toStarted, Timing toCompleted, Timing toSeen) {
    }

    private final int latencyJobs;
    private final int batchJobs;
    private final int cpuJobs;
    private final Duration compilerWait;
    private long nextSeed = System.nanoTime() & 0xffffffL; // ids differ from any earlier run on the same broker

    /** @param compilerWait longest wait for a quiet JIT before each CPU-bound batch (zero: none, for --quick) */
    KafkaBench(int latencyJobs, int batchJobs, int cpuJobs, Duration compilerWait) {
        this.latencyJobs = latencyJobs;
        this.batchJobs = batchJobs;
        this.cpuJobs = cpuJobs;
        this.compilerWait = compilerWait;
    }

    Result run() throws Exception {
        Timing engineOnly = Timing.of(3, latencyJobs, () -> runDirectly(trivialSpec(nextSeed++)));
        Timing cpuEngineOnly = Timing.of(1, Math.min(cpuJobs, 5), () -> runDirectly(cpuBoundSpec(nextSeed++)));
        try (Stack stack = Stack.embedded(null, 0)) {
            WorkerVerticle first = new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("bench-worker-1"));
            stack.withWorker(first);
            try (Completions done = new Completions(stack.bootstrap());
                 KafkaProducer<String, byte[]> producer = producer(stack.bootstrap())) {
                List<long[]> stamps = new ArrayList<>();
                Timing latency = Timing.of(3, latencyJobs, () -> {
                    long sentAt = System.currentTimeMillis();
                    String id = send(producer);
                    done.await(Set.of(id));
                    stamps.add(new long[] {sentAt, done.startedAt(id), done.completedAt(id), done.seenAt(id)});
                });
                List<long[]> timed = stamps.subList(stamps.size() - latencyJobs, stamps.size()); // after warm-up
                LatencyParts parts = new LatencyParts(span(timed, 0, 1), span(timed, 1, 2), span(timed, 2, 3));
                double one = throughput(producer, done, batchJobs, KafkaBench::trivialSpec);
                warmUpCpuBound(producer, done);
                CpuBatch cpuOne = cpuBoundBatch(producer, done);
                WorkerVerticle second = new WorkerVerticle(WorkerOptions.of(stack.bootstrap())
                        .withName("bench-worker-2"));
                stack.withWorker(second);
                throughput(producer, done, batchJobs, KafkaBench::trivialSpec); // warm-up of the second worker
                double two = throughput(producer, done, batchJobs, KafkaBench::trivialSpec);
                warmUpCpuBound(producer, done);
                int firstBefore = first.completedJobs();
                int secondBefore = second.completedJobs();
                CpuBatch cpuTwo = cpuBoundBatch(producer, done);
                // how the batch split between the workers bounds the gain (the share group hands each job to
                // whichever worker asks first)
                int a = first.completedJobs() - firstBefore;
                int b = second.completedJobs() - secondBefore;
                return new Result(latency, parts, engineOnly, new Throughput(one, two, batchJobs),
                        new Throughput(cpuOne.jobsPerSecond(), cpuTwo.jobsPerSecond(), cpuJobs), a + "/" + b,
                        (a + b) / (double) Math.max(1, Math.max(a, b)), new long[] {cpuOne.jitMs(), cpuTwo.jitMs()},
                        cpuEngineOnly, latencyJobs);
            }
        }
    }

    /** A measured batch of CPU-bound jobs: its rate, and how long the JIT compiled meanwhile (ms). */
    private record CpuBatch(double jobsPerSecond, long jitMs) {
    }

    /**
     * A warm-up batch (half the size) with the workers that will be measured, then a wait for a quiet
     * JIT: it compiles for minutes in this JVM (broker, clients, engine; its thread was seen at 40 % of
     * a core in an unwarmed two-worker batch). One worker leaves it the idle core, two do not, so
     * without this the ratio would charge the warm-up to two workers.
     */
    private void warmUpCpuBound(KafkaProducer<String, byte[]> producer, Completions done) throws Exception {
        throughput(producer, done, Math.max(2, cpuJobs / 2), KafkaBench::cpuBoundSpec);
        awaitQuietCompiler();
    }

    private CpuBatch cpuBoundBatch(KafkaProducer<String, byte[]> producer, Completions done) throws Exception {
        long jitBefore = compilationMs();
        double rate = throughput(producer, done, cpuJobs, KafkaBench::cpuBoundSpec);
        return new CpuBatch(rate, compilationMs() - jitBefore);
    }

    /** Total JIT compilation time of this JVM so far, ms. */
    private static long compilationMs() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Waits (at most compilerWait) until the JIT has compiled nothing for a second: the batch starts with no backlog. */
    private void awaitQuietCompiler() throws InterruptedException {
        long deadline = System.nanoTime() + compilerWait.toNanos();
        long last = compilationMs();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long now = compilationMs();
            if (now == last) {
                return;
            }
            last = now;
        }
    }

    private static Timing span(List<long[]> stamps, int from, int to) {
        return new Timing(stamps.stream().mapToDouble(t -> t[to] - t[from]).toArray());
    }

    private double throughput(KafkaProducer<String, byte[]> producer, Completions done, int jobs,
                              LongFunction<String> specs) throws Exception {
        List<String> ids = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            ids.add(send(producer, specs));
        }
        producer.flush();
        done.await(ids);
        return jobs / ((System.nanoTime() - t0) / 1e9);
    }

    private void runDirectly(String json) {
        ExperimentSpec spec = validated(json);
        new Engine().run(JobId.of(spec), spec, ProgressSink.NONE, new CancellationToken());
    }

    private String send(KafkaProducer<String, byte[]> producer) {
        return send(producer, KafkaBench::trivialSpec);
    }

    private String send(KafkaProducer<String, byte[]> producer, LongFunction<String> specs) {
        String json = specs.apply(nextSeed++);
        String id = JobId.of(validated(json));
        producer.send(new ProducerRecord<>(Topics.JOBS, id, json.getBytes(StandardCharsets.UTF_8)));
        return id;
    }

    static ExperimentSpec validated(String json) {
        return SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Reads transfer.events from its end on a thread of its own; remembers which jobs ended and how, and
     * when (the started and terminal events' Kafka timestamps, and when this client saw the terminal one).
     */
    private static final class Completions implements AutoCloseable {
        private final Map<String, JobEvent> ended = new ConcurrentHashMap<>();
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private final Map<String, long[]> endedAt = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Completions(String bootstrap) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            // completed events commit with their result: an aborted one (a fenced worker's) is no completion
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor(Topics.EVENTS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position); // resolve the end now, before any job is sent
            thread = new Thread(this::poll, "bench-events");
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                    JobEvent ev = SpecJson.read(r.value(), JobEvent.class);
                    if (ev.type() == EventType.STARTED) {
                        started.put(ev.jobId(), r.timestamp());
                    }
                    if (ev.type().isTerminal()) {
                        endedAt.put(ev.jobId(), new long[] {r.timestamp(), System.currentTimeMillis()});
                        ended.put(ev.jobId(), ev);
                        synchronized (this) {
                            notifyAll();
                        }
                    }
                }
            }
            consumer.close();
        }

        synchronized void await(java.util.Collection<String> ids) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (String id : ids) {
                while (!ended.containsKey(id)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("job " + id + " did not end within 120 s");
                    }
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                JobEvent ev = ended.get(id);
                if (ev.type() != EventType.COMPLETED) {
                    throw new IllegalStateException("benchmark job " + id + " ended " + ev.type() + " " + ev.code()
                            + ": " + ev.message());
                }
            }
        }

        long startedAt(String id) {
            return started.getOrDefault(id, -1L);
        }

        long completedAt(String id) {
            return endedAt.get(id)[0];
        }

        long seenAt(String id) {
            return endedAt.get(id)[1];
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
