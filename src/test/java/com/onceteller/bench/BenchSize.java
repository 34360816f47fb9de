package com.onceteller.bench;

import java.util.Locale;

/**
 * How much work each case does. {@link #SMOKE} exists so that CI runs every case (and its
 * correctness checks) in seconds; only {@link #FULL} figures are worth comparing with the targets.
 *
 * @param warmupOps untimed operations before each timed round (JIT, caches, file growth)
 * @param timedOps timed operations per round of cases 1 and 2; postings stored for case 3
 * @param rounds rounds per case; each figure in the table is the median over the rounds
 * @param replayOps timed replays per round (cases 3 and 4)
 * @param scaleSmall stored keys of the small ledger of case 4
 * @param scaleLarge stored keys of the large ledger of case 4
 * @param scaleSampleKeys distinct keys sampled uniformly over each ledger of case 4 (at most half
 *     the small ledger): the working set its rounds draw from; as many others are read once each
 *     afterwards for the first-touch figure
 * @param contentionKeys distinct new keys per round of case 5 (duplicates come on top)
 */
record BenchSize(
    String label,
    int warmupOps,
    int timedOps,
    int rounds,
    int replayOps,
    int scaleSmall,
    int scaleLarge,
    int scaleSampleKeys,
    int contentionKeys) {

  /** Seconds: every code path once, numbers meaningless. */
  static final BenchSize SMOKE = new BenchSize("smoke", 5, 25, 1, 25, 500, 2_000, 40, 60);

  /** Minutes: the figures in docs/performance.md. */
  static final BenchSize FULL =
      new BenchSize("full", 300, 1_000, 5, 2_000, 10_000, 1_000_000, 10_300, 1_000);

  static BenchSize parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "smoke" -> SMOKE;
      case "full" -> FULL;
      default -> throw new IllegalArgumentException("size must be smoke or full: " + text);
    };
  }

  BenchSize withRounds(int n) {
    return new BenchSize(
        label,
        warmupOps,
        timedOps,
        n,
        replayOps,
        scaleSmall,
        scaleLarge,
        scaleSampleKeys,
        contentionKeys);
  }
}
