package org.transferlab.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IncomingJobTest {
    private static IncomingJob parse(String s) {
        return IncomingJob.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bareSpecIsASubmit() {
        assertThat(parse("{\"inputDim\":10,\"methods\":[\"theory\"]}")).isInstanceOf(IncomingJob.Submit.class);
    }

    @Test
    void envelopesAreUnderstood() {
        assertThat(parse("{\"command\":\"cancel\",\"jobId\":\"tl-0123456789abcdef01234567\"}"))
                .isEqualTo(new IncomingJob.Cancel("tl-0123456789abcdef01234567"));
        assertThat(parse("{\"command\":\"submit\",\"spec\":{\"inputDim\":10}}")).isInstanceOf(IncomingJob.Submit.class);
        assertThat(parse("{\"command\":\"submit\"}")).isInstanceOf(IncomingJob.Unreadable.class);
    }

    @Test
    void garbageIsUnreadableWithAReason() {
        assertThat(parse("not json")).isInstanceOfSatisfying(IncomingJob.Unreadable.class,
                u -> assertThat(u.message()).contains("not valid JSON"));
        assertThat(parse("[1,2]")).isInstanceOf(IncomingJob.Unreadable.class);
        assertThat(parse("{\"colour\":1}")).isInstanceOfSatisfying(IncomingJob.Unreadable.class,
                u -> assertThat(u.message()).contains("colour"));
        assertThat(IncomingJob.parse(new byte[0])).isInstanceOf(IncomingJob.Unreadable.class);
    }
}
