package com.onceteller.bench;

import java.util.Arrays;

/** Per-operation latencies of one round, in nanoseconds; percentiles by nearest rank. */
final class Latencies {

  private long[] nanos;
  private int count;

  Latencies(int expected) {
    this.nanos = new long[Math.max(16, expected)];
  }

  synchronized void add(long nanoseconds) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = nanoseconds;
  }

  synchronized void addAll(Latencies other) {
    long[] theirs;
    int n;
    synchronized (other) {
      theirs = other.nanos;
      n = other.count;
    }
    for (int i = 0; i < n; i++) {
      add(theirs[i]);
    }
  }

  synchronized int count() {
    return count;
  }

  /** The {@code p}-quantile (0 &lt; p &le; 1) in milliseconds; NaN when empty. */
  synchronized double percentileMillis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * count);
    return sorted[Math.min(count, Math.max(1, rank)) - 1] / 1e6;
  }

  double p50() {
    return percentileMillis(0.50);
  }

  double p99() {
    return percentileMillis(0.99);
  }

  double max() {
    return percentileMillis(1.0);
  }

  synchronized double meanMillis() {
    if (count == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += nanos[i];
    }
    return sum / count / 1e6;
  }
}
