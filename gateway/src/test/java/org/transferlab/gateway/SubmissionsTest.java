package org.transferlab.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SubmissionsTest {
    private final Submissions submissions = new Submissions();
    private final AtomicInteger started = new AtomicInteger();

    private Future<Submissions.Reply> submit(String jobId, Promise<Submissions.Reply> answer) {
        return submissions.once(jobId, () -> {
            started.incrementAndGet();
            return answer.future();
        });
    }

    @Test
    void aSecondIdenticalSubmissionInFlightGetsTheFirstOnesAnswer() {
        Promise<Submissions.Reply> first = Promise.promise();
        Future<Submissions.Reply> a = submit("tl-1", first);
        Future<Submissions.Reply> b = submit("tl-1", Promise.promise());
        assertThat(started).hasValue(1);
        Submissions.Reply refused = new Submissions.Reply(422, new JsonObject().put("errors", "over the limit"));
        first.complete(refused);
        assertThat(a.result()).isSameAs(refused);
        assertThat(b.result()).isSameAs(refused);
    }

    @Test
    void onceAnsweredTheNextSubmissionStartsAfresh() {
        Promise<Submissions.Reply> first = Promise.promise();
        submit("tl-1", first);
        first.complete(new Submissions.Reply(503, new JsonObject()));
        Promise<Submissions.Reply> second = Promise.promise();
        Future<Submissions.Reply> retried = submit("tl-1", second);
        assertThat(started).hasValue(2);
        second.complete(new Submissions.Reply(202, new JsonObject()));
        assertThat(retried.result().status()).isEqualTo(202);
    }

    @Test
    void differentJobsDoNotWaitForEachOther() {
        submit("tl-1", Promise.promise());
        submit("tl-2", Promise.promise());
        assertThat(started).hasValue(2);
    }
}
