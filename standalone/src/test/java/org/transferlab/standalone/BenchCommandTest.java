package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.protocol.spec.SpecJson;

/**
 * {@code transferlab bench --quick --json} runs the figures (a) to (e) (tiny sizes, an embedded broker
 * for (e)) and prints well-formed JSON naming each; (f) has a test of its own ({@link SeedSplitBenchTest}).
 * Nothing here looks at how long anything took.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BenchCommandTest {
    @Test
    void quickBenchPrintsFiguresAToEAsJson() throws Exception {
        JsonNode root = benchJson("--quick", "--only", "a,b,c,d,e");
        assertThat(root.path("blas").path("implementation").asText()).startsWith("dev.ludovic.netlib.blas.");
        assertThat(root.path("blas").path("native").isBoolean()).isTrue();
        assertThat(root.path("lapack").path("native").isBoolean()).isTrue();
        JsonNode f = root.path("figures");
        for (String key : new String[] {"gdStep", "dmftStep", "kernelRidge"}) {
            assertThat(f.path(key).path("medianMs").isNumber()).as(key).isTrue();
            assertThat(f.path(key).path("gflops").isNumber()).as(key).isTrue();
            assertThat(f.path(key).path("size").asText()).as(key).isNotBlank();
        }
        assertThat(f.path("linearFlow").path("medianMs").isNumber()).isTrue();
        assertThat(f.path("linearFlow").path("rk4Steps").asLong()).isPositive();
        assertThat(f.path("jobLatency").path("p50Ms").isNumber()).isTrue();
        assertThat(f.path("jobLatency").path("p99Ms").isNumber()).isTrue();
        assertThat(f.path("jobLatency").path("engineOnlyMedianMs").isNumber()).isTrue();
        assertThat(f.path("throughput").path("oneWorkerJobsPerSecond").isNumber()).isTrue();
        assertThat(f.path("throughput").path("twoWorkersJobsPerSecond").isNumber()).isTrue();
        assertThat(f.path("cpuBoundThroughput").path("oneWorkerJobsPerSecond").isNumber()).isTrue();
        assertThat(f.path("cpuBoundThroughput").path("twoOverOne").isNumber()).isTrue();
        // the parts of the latency come from the events' timestamps: each at least 0, together at most the whole
        JsonNode parts = f.path("jobLatency").path("p50PartsMs");
        double sum = 0;
        for (String part : new String[] {"sendToStarted", "startedToCompleted", "completedToSeen"}) {
            assertThat(parts.path(part).asDouble(-1)).as(part).isGreaterThanOrEqualTo(0);
            sum += parts.path(part).asDouble();
        }
        assertThat(sum).isLessThanOrEqualTo(3 * f.path("jobLatency").path("p99Ms").asDouble() + 3);
        JsonNode cpu = f.path("cpuBoundThroughput");
        assertThat(cpu.path("jobsPerWorkerWithTwo").asText()).matches("\\d+/\\d+");
        assertThat(cpu.path("twoOverOneAllowedBySplit").asDouble()).isBetween(1.0, 2.0);
        assertThat(cpu.path("jitMsDuringTwoWorkers").asLong(-1)).isGreaterThanOrEqualTo(0);
    }

    /** What {@code transferlab bench --json ARGS} prints, after checking that it exited 0. */
    static JsonNode benchJson(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String[] command = new String[args.length + 2];
        command[0] = "bench";
        command[1] = "--json";
        System.arraycopy(args, 0, command, 2, args.length);
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.execute(command);
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        return SpecJson.mapper().readTree(buf.toByteArray());
    }
}
