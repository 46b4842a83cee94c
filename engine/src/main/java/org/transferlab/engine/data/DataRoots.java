package org.transferlab.engine.data;

import java.nio.file.Path;

/**
 * The folders datasets are read from. A task's {@code path} resolves under {@link #data()} only; a
 * registered name ({@code fashion-mnist}, ...) under {@link #data()} first, then under {@link #system()},
 * where Debian's dataset packages install (e.g. {@code apt-get install dataset-fashion-mnist}).
 *
 * @param data   the data root: system property {@value #DATA_PROPERTY} (set by {@code --data}), else the
 *               environment variable {@value #DATA_ENV}, else {@code ./data}
 * @param system the system dataset folder: system property {@value #SYSTEM_PROPERTY}, else
 *               {@code /usr/share/datasets}
 */
public record DataRoots(Path data, Path system) {
    public static final String DATA_PROPERTY = "transferlab.data";
    public static final String DATA_ENV = "TRANSFERLAB_DATA";
    public static final String SYSTEM_PROPERTY = "transferlab.datasets.system";
    public static final String DEFAULT_DATA = "data";
    public static final String DEBIAN_DATASETS = "/usr/share/datasets";

    /** The roots as configured now (read on every use, so that {@code --data} set at start-up applies). */
    public static DataRoots configured() {
        String data = System.getProperty(DATA_PROPERTY, System.getenv(DATA_ENV));
        String system = System.getProperty(SYSTEM_PROPERTY, DEBIAN_DATASETS);
        return new DataRoots(Path.of(data == null || data.isBlank() ? DEFAULT_DATA : data).toAbsolutePath().normalize(),
                Path.of(system).toAbsolutePath().normalize());
    }
}
