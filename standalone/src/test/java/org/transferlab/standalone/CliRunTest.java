package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultCsv;
import org.transferlab.protocol.spec.SpecJson;

/** {@code transferlab run} end to end in this JVM: its own embedded broker, gateway and worker. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CliRunTest {
    @TempDir
    Path dir;

    @Test
    void runWritesResultJsonAndCsvAndExitsZero() throws Exception {
        String spec = TestKafka.quickSpec(4);
        Path specFile = dir.resolve("spec.json");
        Files.writeString(specFile, spec);
        Path out = dir.resolve("out");

        int code = Main.execute("run", specFile.toString(), "--out", out.toString());

        assertThat(code).isEqualTo(Main.OK);
        JobResult written = SpecJson.mapper().readValue(out.resolve("result.json").toFile(), JobResult.class);
        JobResult direct = TestKafka.direct(spec);
        assertThat(written.jobId()).isEqualTo(TestKafka.jobId(spec));
        JsonNode rows = SpecJson.mapper().valueToTree(written.rows());
        assertThat(rows).isEqualTo(SpecJson.mapper().valueToTree(direct.rows()));
        assertThat(Files.readString(out.resolve("result.csv"))).isEqualTo(ResultCsv.write(written));
        assertThat(Files.readString(out.resolve("series.csv"))).isEqualTo(ResultCsv.writeSeries(written));
    }

    @Test
    void runOfAnInvalidSpecExitsNonZero() throws Exception {
        Path specFile = dir.resolve("bad.json");
        Files.writeString(specFile, "{\"inputDim\": -3}");
        assertThat(Main.execute("run", specFile.toString(), "--out", dir.resolve("o").toString()))
                .isEqualTo(Main.INVALID_SPEC);
        assertThat(Main.execute("run", dir.resolve("missing.json").toString())).isEqualTo(Main.USAGE);
    }
}
