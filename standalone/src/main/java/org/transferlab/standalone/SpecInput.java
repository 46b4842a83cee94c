package org.transferlab.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A spec file and its {@code --set} overrides, shared by {@code run} and {@code submit}. */
final class SpecInput {
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
