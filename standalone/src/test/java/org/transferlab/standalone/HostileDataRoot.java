package org.transferlab.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.transferlab.engine.data.DataRoots;

/**
 * A data root planted with traps, and the dataset paths that try to get out of it: a secret file
 * next to the root (its marker must never appear in any answer), links from inside the root to that
 * file, to a missing file, to /proc/self and /dev/zero, a FIFO inside the root (opening it would block
 * until a writer comes) and one outside, and a malformed CSV inside whose content must not be quoted.
 * Installed as the data root of this JVM ({@link DataRoots#DATA_PROPERTY}) until {@link #close}.
 */
final class HostileDataRoot implements AutoCloseable {
    /** In the secret file outside the root and in the bad cell of the malformed CSV inside it. */
    static final String MARKER = "SECRET-MARKER-d41d8cd98f00";

    /** Refused by the spec's syntax before anything touches a file. */
    static final List<String> SYNTAX = List.of("/etc/passwd", "/proc/self/cmdline", "/proc/self/environ", "/dev/zero",
            "../secret.csv", "sets/../../secret.csv", "./inside.csv", "a//b", "~root/.ssh/id_rsa", "C:\\secret.csv",
            "%2e%2e/secret.csv", "inside.csv\u0000.png", "x".repeat(300), "");
    /** Well-formed paths that lead out of the root or to something that is not a regular file. */
    static final List<String> FILE_SYSTEM = List.of("link-out.csv", "link-missing.csv", "proc/cmdline", "proc/environ",
            "zero", "fifo.csv", "fifo-link.csv", "no-such.csv", "folder/link-out.csv");

    private final Path tmp;
    private final Path root;

    private HostileDataRoot(Path tmp) throws IOException, InterruptedException {
        this.tmp = tmp;
        this.root = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("secret.csv"), "0,1,2\n" + MARKER + ",3,4\n1," + MARKER + ",5\n");
        Files.writeString(root.resolve("inside.csv"), csv(40));
        Files.writeString(root.resolve("bad.csv"), "0,1,2\n1," + MARKER + ",3\n");
        Files.createSymbolicLink(root.resolve("link-out.csv"), tmp.resolve("secret.csv"));
        Files.createSymbolicLink(root.resolve("link-missing.csv"), tmp.resolve("nothing-here.csv"));
        Files.createSymbolicLink(root.resolve("proc"), Path.of("/proc/self"));
        Files.createSymbolicLink(root.resolve("zero"), Path.of("/dev/zero"));
        Files.createDirectories(root.resolve("folder"));
        Files.createSymbolicLink(root.resolve("folder/link-out.csv"), tmp.resolve("secret.csv"));
        mkfifo(root.resolve("fifo.csv"));
        mkfifo(tmp.resolve("outside-fifo"));
        Files.createSymbolicLink(root.resolve("fifo-link.csv"), tmp.resolve("outside-fifo"));
        System.setProperty(DataRoots.DATA_PROPERTY, root.toString());
    }

    static HostileDataRoot plant() throws IOException, InterruptedException {
        return new HostileDataRoot(Files.createTempDirectory("transferlab-hostile-"));
    }

    /** The folder holding the root and the secret next to it. */
    Path folder() {
        return tmp;
    }

    /** Every hostile path, both kinds. */
    static List<String> all() {
        List<String> all = new ArrayList<>(SYNTAX);
        all.addAll(FILE_SYSTEM);
        return all;
    }

    /** A small ReLU spec on the CSV at {@code sourcePath} (target: the well-formed inside.csv); {@code seed} makes distinct jobs. */
    static String spec(String sourcePath, long seed) {
        return """
                {"name":"hostile-%d","network":{"activation":"relu","width":16},
                 "source":{"task":{"type":"dataset","path":%s,"format":"csv","classes":[0,1]},"samples":8,"gamma":1.0,"steps":5},
                 "target":{"task":{"type":"dataset","path":"inside.csv","format":"csv","classes":[0,1]},"samples":4,"gamma":1.0,"steps":5},
                 "testSamples":4,"protocols":["scratch"],"methods":["simulation"],"seed":%d}
                """.formatted(seed, quoted(sourcePath), seed);
    }

    static String quoted(String s) {
        try {
            return org.transferlab.protocol.spec.SpecJson.mapper().writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String sourcePath, long seed) {
        return spec(sourcePath, seed).getBytes(StandardCharsets.UTF_8);
    }

    private static String csv(int rows) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            b.append(i % 2).append(',').append(i % 7 - 3).append(',').append(i % 5 - 2).append('\n');
        }
        return b.toString();
    }

    private static void mkfifo(Path p) throws IOException, InterruptedException {
        if (new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
    }

    @Override
    public void close() throws IOException {
        System.clearProperty(DataRoots.DATA_PROPERTY);
        try (Stream<Path> files = Files.walk(tmp)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
