package com.onceteller.bench;

/** One timed round: how many operations, how long the whole round took, each one's latency. */
record Round(int operations, long elapsedNanos, Latencies latencies) {

  double opsPerSecond() {
    return operations / (elapsedNanos / 1e9);
  }
}
