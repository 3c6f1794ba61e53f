package dev.ratchet.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Retries a call that failed for a reason that passes: tracking unreachable or overloaded, or the
 * run not visible yet (a job may start before tracking has read its RunStarted event). Waits double
 * from {@code first} up to {@code longest}, until {@code giveUpAfter} has passed.
 */
public record Backoff(Duration first, Duration longest, Duration giveUpAfter) {
    static final Set<Status.Code> PASSING = Set.of(
            Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.NOT_FOUND,
            Status.Code.ABORTED);

    /** 100 ms doubling to 5 s, for up to two minutes. */
    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(2));
    }

    public <T> T call(Supplier<T> call) {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        long wait = first.toMillis();
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                if (!PASSING.contains(e.getStatus().getCode()) || System.nanoTime() + wait * 1_000_000 > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to retry", e);
            }
            wait = Math.min(wait * 2, longest.toMillis());
        }
    }
}
