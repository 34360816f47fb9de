package com.onceteller.desk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1_000), 8);

  @Test
  void fullJitterStaysWithinZeroAndTheCappedExponentialCeiling() {
    long seed = new Random().nextLong();
    System.out.println("RetryPolicyTest.fullJitter seed=" + seed);
    Random random = new Random(seed);
    for (int failed = 1; failed <= 12; failed++) {
      long ceiling = Math.min(1_000, 100L << (failed - 1));
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < 2_000; i++) {
        long d = POLICY.delayAfter(failed, random).toMillis();
        assertThat(d).as("seed %d, after %d failed attempts", seed, failed).isBetween(0L, ceiling);
        seen.add(d);
      }
      // Full jitter: the draws spread over the range, not a fixed or halved wait.
      assertThat(seen)
          .as("seed %d: distinct waits after %d failures", seed, failed)
          .hasSizeGreaterThan(50);
    }
  }

  @Test
  void theCeilingDoublesFromTheBaseThenStaysAtTheCap() {
    assertThat(POLICY.ceilingAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(POLICY.ceilingAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(POLICY.ceilingAfter(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(POLICY.ceilingAfter(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(POLICY.ceilingAfter(5)).isEqualTo(Duration.ofMillis(1_000));
    assertThat(POLICY.ceilingAfter(6)).isEqualTo(Duration.ofMillis(1_000));
    assertThat(POLICY.ceilingAfter(40)).isEqualTo(Duration.ofMillis(1_000));
    assertThat(POLICY.ceilingAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(1_000));
  }

  @Test
  void theDefaultPolicyWaitsHalfASecondFirstAndAtMostEightSeconds() {
    assertThat(RetryPolicy.DEFAULT.ceilingAfter(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(RetryPolicy.DEFAULT.ceilingAfter(100)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void theCeilingNeverExceedsTheCapForALargeBase() {
    Duration year = Duration.ofDays(365);
    RetryPolicy huge = new RetryPolicy(year, year, 100);
    for (int failed = 1; failed <= 100; failed++) {
      assertThat(huge.ceilingAfter(failed)).as("after %d failures", failed).isEqualTo(year);
    }
  }

  @Test
  void mayAttemptAgainOnlyWhileFewerThanMaxAttemptsWereMade() {
    RetryPolicy three = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 3);
    assertThat(three.mayAttemptAgain(0)).isTrue();
    assertThat(three.mayAttemptAgain(1)).isTrue();
    assertThat(three.mayAttemptAgain(2)).isTrue();
    assertThat(three.mayAttemptAgain(3)).isFalse();
    assertThat(three.mayAttemptAgain(4)).isFalse();

    RetryPolicy once = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(5), 1);
    assertThat(once.mayAttemptAgain(1)).isFalse();
  }

  @Test
  void invalidPoliciesAreRefused() {
    Duration ms = Duration.ofMillis(1);
    assertThatThrownBy(() -> new RetryPolicy(null, ms, 3)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new RetryPolicy(ms, null, 3)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, ms, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(-5), ms, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(9), 3))
        .as("cap below base")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(ms, ms, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(ms, ms, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(ms, ms, 101))
        .isInstanceOf(IllegalArgumentException.class);
    // The edges themselves are fine.
    assertThat(new RetryPolicy(ms, ms, 1).maxAttempts()).isEqualTo(1);
    assertThat(new RetryPolicy(ms, ms, 100).maxAttempts()).isEqualTo(100);
  }
}
