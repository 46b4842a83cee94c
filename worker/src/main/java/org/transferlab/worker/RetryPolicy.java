package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * Which failures a worker tries again, how often and after how long. Only {@link FailureCode#INTERNAL}
 * failures are transient (an exception the engine did not classify, a rejected task, a failed Kafka
 * send); every other code is a property of the spec and would fail the same way again (running out
 * of heap among them: the pipeline reports it as {@code OVER_LIMIT}). Attempt {@code n + 1} starts {@code firstDelayMs * 2^(n-1)} ms (at most
 * {@link #MAX_DELAY_MS}) after attempt {@code n} failed, on a Vert.x timer: nothing blocks meanwhile.
 *
 * @param retries      attempts after the first (0 = never retry)
 * @param firstDelayMs back-off before the first retry
 */
public record RetryPolicy(int retries, long firstDelayMs) {
    public static final int DEFAULT_RETRIES = 3;
    public static final long DEFAULT_FIRST_DELAY_MS = 1000;
    public static final long MAX_DELAY_MS = 60_000;
    /** How often a back-off looks whether it should end early. */
    private static final long WAKE_CHECK_MS = 100;

    /** No retry here: a share group redelivers a transiently failed job instead. */
    public static final RetryPolicy NONE = new RetryPolicy(0, 0);

    public RetryPolicy {
        if (retries < 0 || firstDelayMs < 0) {
            throw new IllegalArgumentException("retries and back-off must be >= 0, got " + retries + ", "
                    + firstDelayMs + " ms");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_RETRIES, DEFAULT_FIRST_DELAY_MS);
    }

    /** What gave up: the last transient failure and how many attempts were made. */
    public static final class Exhausted extends RuntimeException {
        Exhausted(int attempts, Throwable last) {
            super("failed " + attempts + (attempts == 1 ? " time" : " times") + " with a transient error; last: "
                    + describe(last), last);
        }
    }

    /** Called before each retry with the number of the failed attempt and its failure. */
    @FunctionalInterface
    public interface RetryListener {
        void retrying(int failedAttempt, Throwable failure, long delayMs);
    }

    /** The reason code a failure is reported with. */
    public static FailureCode codeOf(Throwable err) {
        if (err instanceof Exhausted) {
            return FailureCode.RETRIES_EXHAUSTED;
        }
        return err instanceof EngineException ee ? ee.code() : FailureCode.INTERNAL;
    }

    public static boolean isTransient(Throwable err) {
        return codeOf(err) == FailureCode.INTERNAL;
    }

    public static String describe(Throwable err) {
        return err.getMessage() == null ? err.toString() : err.getMessage();
    }

    long delayMs(int failedAttempt) {
        return (long) Math.min(MAX_DELAY_MS, firstDelayMs * Math.pow(2, failedAttempt - 1));
    }

    /**
     * Runs {@code attempt} (given its number, from 1) until it succeeds, fails deterministically
     * (that failure is returned as it is) or has failed transiently {@code retries + 1} times
     * (an {@link Exhausted} is returned). A back-off ends early once {@code wakeEarly} holds (a
     * cancelled job must not wait out its back-off to say so).
     */
    public <T> Future<T> run(Vertx vertx, IntFunction<Future<T>> attempt, RetryListener listener,
                             BooleanSupplier wakeEarly) {
        return run(vertx, attempt, listener, wakeEarly, 1);
    }

    private <T> Future<T> run(Vertx vertx, IntFunction<Future<T>> attempt, RetryListener listener,
                              BooleanSupplier wakeEarly, int n) {
        Future<T> tried;
        try {
            tried = attempt.apply(n);
        } catch (RuntimeException e) { // an attempt that throws instead of failing its future failed all the same
            tried = Future.failedFuture(e);
        }
        return tried.recover(err -> {
            if (!isTransient(err)) {
                return Future.failedFuture(err);
            }
            if (n > retries) {
                return Future.failedFuture(new Exhausted(n, err));
            }
            long delay = delayMs(n);
            listener.retrying(n, err, delay);
            Promise<T> next = Promise.promise();
            long due = System.currentTimeMillis() + delay;
            vertx.setPeriodic(Math.max(1, Math.min(delay, WAKE_CHECK_MS)), timer -> {
                if (wakeEarly.getAsBoolean() || System.currentTimeMillis() >= due) {
                    vertx.cancelTimer(timer);
                    run(vertx, attempt, listener, wakeEarly, n + 1).onComplete(next);
                }
            });
            return next.future();
        });
    }
}
