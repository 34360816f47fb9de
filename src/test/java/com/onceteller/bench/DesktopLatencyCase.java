package com.onceteller.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Case 6, the slot for desktop latency (issue 5): (a) from the submit action in the real transfer
 * view under headless Monocle to the Posted state on screen, p50/p99 over a few hundred submits;
 * (b) cold start of the app to the first interactive frame. Not measured until the UI lands: the
 * rows are printed as "not measured" so the table keeps its shape. To fill it, return rows built
 * with {@link CaseResult#fromRounds} (ids "6a", "6b") and add the two targets in {@link
 * BenchmarkMain#targets}.
 */
final class DesktopLatencyCase {

  private DesktopLatencyCase() {}

  static List<CaseResult> run(Path workDir, BenchSize size, long seed) {
    return List.of(
        CaseResult.notMeasured(
            "6a", "desktop: submit to Posted on screen", "not measured: UI not merged yet"),
        CaseResult.notMeasured(
            "6b", "desktop: cold start to interactive", "not measured: UI not merged yet"));
  }
}
