package dev.parley.bench;

import org.HdrHistogram.Histogram;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-model load: request {@code i} is due at {@code start + i / rate} and is sent then, whether or not the earlier
 * ones have answered. Its latency counts from that intended time, not from when it left, so a stall in the system
 * (or in this driver) shows up in the percentiles instead of being hidden by a sender that waited (coordinated
 * omission). A request still unanswered {@code drainSeconds} after the last one was due counts as an error.
 */
final class OpenModel {

    /** One request: fire it and complete with true for success, false (or exceptionally) for an error. */
    interface Shot {
        CompletableFuture<Boolean> fire(long index, long dueNanos);
    }

    /** Requests in flight above which the driver stops sending (each one not sent counts as an error, "not sent"). */
    static final int MAX_IN_FLIGHT = Integer.getInteger("bench.max-in-flight", 1000);

    record Result(String name, int rate, double seconds, long sent, long errors, long timedOut, long maxInFlight,
                  double achievedPerSecond, Histogram latency, long notSent) {
        double p(double percentile) {
            return Stats.ms(latency.getValueAtPercentile(percentile));
        }

        boolean clean() {
            return errors == 0 && timedOut == 0 && notSent == 0;
        }
    }

    private OpenModel() {
    }

    static Result run(String name, int rate, double seconds, double drainSeconds, Shot shot) {
        Histogram histogram = Stats.histogram();
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        AtomicLong maxInFlight = new AtomicLong();
        long notSent = 0;
        long total = Math.max(1, Math.round(rate * seconds));
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * intervalNanos);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 60_000) {
                    LockSupport.parkNanos(wait - 50_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                // the system is far behind: sending more would only pile up connections; count it and move on
                notSent++;
                completed.incrementAndGet();
                continue;
            }
            long now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            CompletableFuture<Boolean> future;
            try {
                future = shot.fire(i, due);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenComplete((ok, failure) -> {
                long latency = System.nanoTime() - due;
                synchronized (histogram) {
                    histogram.recordValue(Math.max(0, Math.min(latency, Stats.HIGHEST)));
                }
                if (failure != null || !Boolean.TRUE.equals(ok)) {
                    errors.incrementAndGet();
                }
                completed.incrementAndGet();
                inFlight.decrementAndGet();
            });
        }
        long sendEnd = System.nanoTime();
        long deadline = sendEnd + (long) (drainSeconds * 1e9);
        while (completed.get() < total && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long timedOut = total - completed.get();
        Histogram copy;
        synchronized (histogram) {
            copy = histogram.copy();
        }
        // requests that never answered count at the drain deadline, so they are in the tail, not left out
        for (long t = 0; t < timedOut; t++) {
            copy.recordValue(Math.min(deadline - start, Stats.HIGHEST));
        }
        return new Result(name, rate, seconds, total, errors.get() + notSent, timedOut, maxInFlight.get(),
                completed.get() / Math.max(elapsed, (sendEnd - start) / 1e9), copy, notSent);
    }
}
