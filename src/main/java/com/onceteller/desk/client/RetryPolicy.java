package com.onceteller.desk.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Bounded exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): before attempt n+1 wait a uniform random time in [0, min(cap, base·2^(n-1))]. Full
 * jitter spreads the retries of many tellers after a shared outage instead of synchronising them.
 */
public record RetryPolicy(Duration base, Duration cap, int maxAttempts) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(8), 6);

  public RetryPolicy {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative()
        || base.isZero()
        || cap.compareTo(base) < 0
        || maxAttempts < 1
        || maxAttempts > 100) {
      throw new IllegalArgumentException("need 0 < base <= cap and 1 <= maxAttempts <= 100");
    }
  }

  /** The ceiling of the wait after {@code failedAttempts} failed attempts (1 = after the first). */
  public Duration ceilingAfter(int failedAttempts) {
    int exp = Math.min(Math.max(failedAttempts - 1, 0), 30);
    long capMillis = cap.toMillis();
    long baseMillis = base.toMillis();
    // base·2^exp > cap exactly when base > cap / 2^exp; checked first so the shift never overflows.
    long ceiling = baseMillis > (capMillis >> exp) ? capMillis : baseMillis << exp;
    return Duration.ofMillis(ceiling);
  }

  /** A full-jitter wait after {@code failedAttempts} failed attempts. */
  public Duration delayAfter(int failedAttempts, RandomGenerator random) {
    long ceiling = ceilingAfter(failedAttempts).toMillis();
    return Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
  }

  public boolean mayAttemptAgain(int attemptsMade) {
    return attemptsMade < maxAttempts;
  }
}
