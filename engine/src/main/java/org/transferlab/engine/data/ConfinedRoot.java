package org.transferlab.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A folder that dataset files must stay inside once every symbolic link is resolved. Lookups answer
 * only "here it is" or "nothing usable": a name that does not exist, one that leaves the folder through
 * a link, and one that is not a regular file (a FIFO, a device) look the same, so that a caller cannot
 * learn anything about files outside it.
 */
final class ConfinedRoot {
    private final Path real;

    private ConfinedRoot(Path real) {
        this.real = real;
    }

    /** The root at {@code folder}, or empty when it does not exist (or is not a folder). */
    static Optional<ConfinedRoot> of(Path folder) {
        try {
            Path r = folder.toRealPath();
            return Files.isDirectory(r) ? Optional.of(new ConfinedRoot(r)) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The real path of {@code relative} under this root if it exists and stays inside; empty otherwise. */
    Optional<Path> resolve(String relative) {
        Path lexical = real.resolve(relative).normalize();
        if (!lexical.startsWith(real)) {
            return Optional.empty();
        }
        try {
            Path r = lexical.toRealPath();
            return r.startsWith(real) ? Optional.of(r) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A regular file at {@code relative} (resolved as by {@link #resolve}), with the name messages use. */
    Optional<DataFile> file(String relative, String shownName) {
        return resolve(relative).filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                .map(p -> new DataFile(p, shownName));
    }

    boolean isFolder(Path resolved) {
        return Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS);
    }

    /** The relative name of a path already resolved under this root. */
    String relativize(Path resolved) {
        return real.relativize(resolved).toString();
    }
}
