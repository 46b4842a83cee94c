package org.transferlab.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.transferlab.protocol.spec.TaskSpec;

/**
 * Where one dataset task's files are: a folder or a single file under a {@link ConfinedRoot}. Every file
 * read through it is checked again when it is looked up (a folder's entries may be links too).
 */
public final class DatasetFiles {
    /** Said of a path that cannot be used, whatever the reason: the reasons must not be told apart. */
    public static final String UNUSABLE = "names no dataset file or folder under the data root (it is missing, leads out of "
            + "the root through a link, or is not a regular file or folder)";

    private final ConfinedRoot root;
    private final Path resolved;
    private final String shown;
    private final Preprocessing.Kind preprocessing;

    private DatasetFiles(ConfinedRoot root, Path resolved, Preprocessing.Kind preprocessing) {
        this.root = root;
        this.resolved = resolved;
        this.shown = root.relativize(resolved);
        this.preprocessing = preprocessing;
    }

    /**
     * The files of a dataset task, confined to the roots: a registered name under the data root or the
     * system folder, a path under the data root only.
     *
     * @param field the task's spec field for messages, e.g. {@code source.task}
     * @throws DataFileException naming the field; for a path without saying why it cannot be used
     */
    public static DatasetFiles locate(TaskSpec task, DataRoots roots, String field) {
        if (task.name() != null) {
            RegisteredDataset d = RegisteredDataset.named(task.name());
            for (Path folder : new Path[] {roots.data(), roots.system()}) {
                Optional<DatasetFiles> found = ConfinedRoot.of(folder)
                        .flatMap(r -> r.resolve(d.folder).filter(r::isFolder).map(p -> new DatasetFiles(r, p, d.preprocessing)));
                if (found.isPresent()) {
                    return found.get();
                }
            }
            throw new DataFileException(field + ".name", d.missing(roots));
        }
        Preprocessing.Kind kind = Preprocessing.Kind.ofFormat(task.format());
        return ConfinedRoot.of(roots.data())
                .flatMap(r -> r.resolve(task.path())
                        .filter(p -> r.isFolder(p) || Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .map(p -> new DatasetFiles(r, p, kind)))
                .orElseThrow(() -> new DataFileException(field + ".path", UNUSABLE));
    }

    /** The location relative to its root, as messages name it. */
    public String shown() {
        return shown;
    }

    Preprocessing.Kind preprocessing() {
        return preprocessing;
    }

    boolean isFile() {
        return Files.isRegularFile(resolved, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** This location itself as a file (a CSV table, one CIFAR batch). */
    DataFile asFile() {
        return root.file(shown, shown).orElseThrow(() -> new DataFileException(shown + ": " + UNUSABLE));
    }

    /** A regular file of this folder, confined like the folder; empty when there is none by that name. */
    Optional<DataFile> child(String name) {
        return isFile() ? Optional.empty() : root.file(shown + "/" + name, shown + "/" + name);
    }

    /** Identifies the files' content for the cache: real location and modification time. */
    String version() {
        try {
            return resolved + "|" + Files.getLastModifiedTime(resolved).toMillis() + "|" + Files.size(resolved);
        } catch (IOException e) {
            return resolved.toString();
        }
    }
}
