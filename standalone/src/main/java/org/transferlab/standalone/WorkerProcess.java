package org.transferlab.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.transferlab.messaging.SigningKeys;

/**
 * A worker in a JVM of its own, started from this JVM's class path as `transferlab worker` runs: a
 * host of the cluster for the tests that kill one, and for the benchmark of seeds split over workers.
 * It signs with this JVM's keys (written to a file it reads, as a deployment gives every process the
 * same key file), so a gateway in this JVM trusts its results.
 */
final class WorkerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private WorkerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static WorkerProcess start(String bootstrap, String name) throws IOException {
        return start(bootstrap, name, List.of("-Xmx512m", "-XX:+UseSerialGC"), List.of());
    }

    /**
     * @param jvmOptions    options of the worker's JVM (heap, GC, processor count)
     * @param workerOptions further options of {@code transferlab worker}
     */
    static WorkerProcess start(String bootstrap, String name, List<String> jvmOptions, List<String> workerOptions)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("transferlab-" + name + "-", ".log");
        Path keys = Files.createTempDirectory("transferlab-keys-").resolve("result-keys");
        SigningKeys.processDefault().writeTo(keys);
        keys.toFile().deleteOnExit();
        keys.getParent().toFile().deleteOnExit();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "worker", "--bootstrap", bootstrap, "--name", name, "--result-keys-file", keys.toString()));
        command.addAll(workerOptions);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TRANSFERLAB_LOG_LEVEL", "info");
        // as the transferlab script sets it: the engine splits its products itself (see Blas)
        pb.environment().putIfAbsent("OPENBLAS_NUM_THREADS", "1");
        return new WorkerProcess(name, pb.start(), log);
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no goodbye to the group, nothing flushed. */
    void kill() {
        process.destroyForcibly();
        awaitExit(30);
    }

    /**
     * SIGTERM, as Ctrl-C: the worker leaves the share group and releases what it holds, so that the
     * group hands nothing to a member that is gone; killed if it has not exited within a minute.
     */
    void stop() {
        process.destroy();
        if (!awaitExit(60)) {
            kill();
        }
    }

    private boolean awaitExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What the process wrote, for a failure's message. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        kill();
        Files.deleteIfExists(log);
    }
}
