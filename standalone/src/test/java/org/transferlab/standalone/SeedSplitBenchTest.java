package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code transferlab bench --only f --quick --json}: one round of a two-draw job with one worker JVM and
 * with two, each draw a child job. What it checks is that the figure runs and says what it measured
 * (every draw computed by a worker of the run, the share of each worker JVM); nothing here looks at
 * how long anything took.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SeedSplitBenchTest {
    @Test
    void quickSeedSplitFigureRunsBothWorkerCountsAndReportsTheSplit() throws Exception {
        JsonNode f = BenchCommandTest.benchJson("--only", "f", "--quick", "--worker-compute-threads", "1")
                .path("figures").path("seedSplit");
        assertThat(f.path("seeds").asInt()).isEqualTo(2);
        // the job was split, so each draw alone reaches the gateway's threshold for a child job of its own
        assertThat(f.path("drawGflop").asDouble()).isGreaterThanOrEqualTo(100);
        assertThat(f.path("computeThreadsPerWorker").asInt()).isEqualTo(1);
        assertThat(f.path("workerJvmOptions").asText()).contains("-XX:ActiveProcessorCount=1");
        assertThat(f.path("rounds").size()).isEqualTo(1);
        JsonNode round = f.path("rounds").get(0);
        assertThat(round.path("oneWorkerMs").asDouble()).isPositive();
        assertThat(round.path("twoWorkersMs").asDouble()).isPositive();
        assertThat(round.path("twoOverOne").asDouble())
                .isEqualTo(round.path("twoWorkersMs").asDouble() / round.path("oneWorkerMs").asDouble());
        // every child was computed by one of the two workers of its run
        String split = round.path("childrenPerWorkerWithTwo").asText();
        assertThat(split).matches("\\d+/\\d+");
        assertThat(Arrays.stream(split.split("/")).mapToInt(Integer::parseInt).sum()).isEqualTo(2);
        assertThat(f.path("twoOverOneMedian").asDouble()).isEqualTo(round.path("twoOverOne").asDouble());
    }
}
