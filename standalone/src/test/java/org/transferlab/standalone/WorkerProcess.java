package org.transferlab.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.transferlab.messaging.SigningKeys;

/** A worker in a JVM of its own, started from this test JVM's class path, as `transferlab worker` runs. */
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("transferlab-" + name + "-", ".log");
        // the in-JVM gateway's keys, as a deployment gives every process the same key file
        Path keys = Files.createTempDirectory("transferlab-keys-").resolve("result-keys");
        SigningKeys.processDefault().writeTo(keys);
        keys.toFile().deleteOnExit();
        keys.getParent().toFile().deleteOnExit();
        List<String> command = List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "worker", "--bootstrap", bootstrap, "--name", name, "--result-keys-file", keys.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TRANSFERLAB_LOG_LEVEL", "info");
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
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the process wrote, for a failing test's message. */
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
