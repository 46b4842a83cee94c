package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.engine.linalg.ParallelRows;
import org.transferlab.messaging.SigningKeys;

/** {@code worker --compute-threads} out of its range is refused before any connection, naming the option and range. */
class ComputeThreadsOptionTest {
    @Test
    void aComputeThreadCountOutOfRangeIsAUsageErrorNamingTheOptionAndItsRange(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        SigningKeys.processDefault().writeTo(keys);
        for (String bad : new String[] {"-1", String.valueOf(ParallelRows.MAX_THREADS + 1)}) {
            PrintStream old = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                // a bootstrap nobody listens on: the option is checked before any connection
                code = Main.execute("worker", "--bootstrap", "127.0.0.1:1", "--result-keys-file", keys.toString(),
                        "--compute-threads", bad);
            } finally {
                System.setErr(old);
            }
            assertThat(code).as(bad).isEqualTo(Main.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(bad)
                    .contains("--compute-threads must be between 0 (one per core) and " + ParallelRows.MAX_THREADS)
                    .contains("got " + bad);
        }
        assertThat(ParallelRows.threads()).as("nothing was changed").isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
