package com.onceteller.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One row of the table. Every figure is the median over the rounds of that round's figure
 * (throughput, p50, p99, max are each taken from their own median round).
 */
record CaseResult(
    String id,
    String name,
    int rounds,
    int opsPerRound,
    double opsPerSecond,
    double p50Millis,
    double p99Millis,
    double maxMillis,
    double ratio,
    String ratioOf,
    String note) {

  static CaseResult fromRounds(String id, String name, List<Round> rounds) {
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("no rounds for case " + id);
    }
    return new CaseResult(
        id,
        name,
        rounds.size(),
        rounds.get(0).operations(),
        median(rounds, Round::opsPerSecond),
        median(rounds, r -> r.latencies().p50()),
        median(rounds, r -> r.latencies().p99()),
        median(rounds, r -> r.latencies().max()),
        Double.NaN,
        "",
        "");
  }

  /** A slot that is not measured in this build (e.g. the desktop case before the UI exists). */
  static CaseResult notMeasured(String id, String name, String why) {
    return new CaseResult(
        id, name, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", why);
  }

  boolean measured() {
    return rounds > 0;
  }

  CaseResult withRatio(double value, String of) {
    return new CaseResult(
        id,
        name,
        rounds,
        opsPerRound,
        opsPerSecond,
        p50Millis,
        p99Millis,
        maxMillis,
        value,
        of,
        note);
  }

  CaseResult withNote(String text) {
    return new CaseResult(
        id,
        name,
        rounds,
        opsPerRound,
        opsPerSecond,
        p50Millis,
        p99Millis,
        maxMillis,
        ratio,
        ratioOf,
        text);
  }

  static double median(List<Round> rounds, ToDoubleFunction<Round> f) {
    double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static double median(double[] values) {
    double[] v = Arrays.copyOf(values, values.length);
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
