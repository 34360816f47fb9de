package com.onceteller.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Runs every benchmark case of issue 5 in one process and prints one table; writes the same as
 * {@code results.csv} and {@code results.json} under the output directory. See docs/performance.md.
 *
 * <pre>
 * mvn -q -Pbench verify                       # full size, about 5–10 minutes
 * mvn -q -Pbench verify -Dbench.size=smoke    # every case in seconds, figures meaningless
 * mvn -q -Pbench verify -Dbench.args="--jfr"  # also a JFR profile per case in target/bench/
 * </pre>
 *
 * <p>Arguments: {@code --size=full|smoke}, {@code --out=DIR} (default target/bench), {@code
 * --work=DIR} (where the temporary databases go; default the system temp dir), {@code --seed=N},
 * {@code --rounds=N} (override the size's rounds), {@code --cases=1,2,3,4,5,6} (a subset), {@code
 * --jfr}, {@code --cache=DIR} (keep case 4's bulk-loaded ledgers there and reuse them in later
 * runs). Exit status 0 when every correctness check passed (timing targets never fail the run), 2
 * when one failed (e.g. a key posted twice), 1 on a usage error.
 */
public final class BenchmarkMain {

  /** What to run and where. */
  record Options(
      BenchSize size, Path out, Path work, long seed, Set<String> cases, boolean jfr, Path cache) {

    static Options parse(String... args) throws ParseException {
      BenchSize size = BenchSize.FULL;
      Path out = Path.of("target", "bench");
      Path work = Path.of(System.getProperty("java.io.tmpdir"));
      long seed = 20_240_501L;
      Set<String> cases = new TreeSet<>(List.of("1", "2", "3", "4", "5", "6"));
      boolean jfr = false;
      Path cache = null;
      int rounds = 0;
      for (String arg : args) {
        if (arg.isBlank()) {
          continue;
        }
        String[] kv = arg.split("=", 2);
        String value = kv.length == 2 ? kv[1] : "";
        switch (kv[0]) {
          case "--size" -> size = BenchSize.parse(value);
          case "--out" -> out = Path.of(value);
          case "--work" -> work = Path.of(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--rounds" -> rounds = Integer.parseInt(value);
          case "--cases" -> cases = new TreeSet<>(List.of(value.split(",")));
          case "--jfr" -> jfr = true;
          case "--cache" -> cache = Path.of(value);
          default -> throw new ParseException("unknown argument " + arg, 0);
        }
      }
      return new Options(
          rounds > 0 ? size.withRounds(rounds) : size, out, work, seed, cases, jfr, cache);
    }
  }

  /** Everything one run measured. */
  record Report(
      Map<String, String> machine,
      List<CaseResult> results,
      List<Target> targets,
      Map<String, String> breakdown,
      List<String> failures) {}

  private BenchmarkMain() {}

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (ParseException | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: BenchmarkMain [--size=full|smoke] [--out=DIR] [--work=DIR] [--seed=N]"
              + " [--rounds=N] [--cases=1,2,...] [--jfr] [--cache=DIR]");
      System.exit(1);
      return;
    }
    Report report = run(options, System.out);
    System.exit(report.failures().isEmpty() ? 0 : 2);
  }

  static Report run(Options o, PrintStream out) {
    Map<String, String> machine = MachineInfo.collect(o);
    out.println("OnceTeller benchmark (issue 5)");
    machine.forEach((k, v) -> out.printf("  %-9s %s%n", k + ":", v));
    out.flush();

    Path work;
    try {
      Files.createDirectories(o.work());
      work = Files.createTempDirectory(o.work(), "onceteller-bench-");
      Files.createDirectories(o.out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<CaseResult> results = new ArrayList<>();
    Map<String, String> breakdown = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    try {
      if (o.cases().contains("1") || o.cases().contains("2")) {
        step(o, "1-2", failures, out, () -> postingCases(o, work, results, breakdown));
      }
      if (o.cases().contains("3")) {
        step(o, "3", failures, out, () -> replayCase(o, work, results));
      }
      if (o.cases().contains("4")) {
        step(o, "4", failures, out, () -> keyScaleCase(o, work, results, out));
      }
      if (o.cases().contains("5")) {
        step(o, "5", failures, out, () -> contentionCase(o, work, results));
      }
      if (o.cases().contains("6")) {
        step(
            o,
            "6",
            failures,
            out,
            () ->
                results.addAll(
                    DesktopLatencyCase.run(work, o.size(), o.seed(), o.jfr() ? o.out() : null)));
      }
    } finally {
      BenchLedger.deleteRecursively(work);
    }
    machine.put("load end", MachineInfo.loadAverage());
    List<CaseResult> withRatios = ratios(results);
    List<Target> targets = new ArrayList<>(targets(withRatios, failures));
    targets.addAll(appImageTargets(o.out().resolve("coldstart.json"), out));
    Report report = new Report(machine, withRatios, targets, breakdown, failures);
    ReportWriter.print(report, out);
    ReportWriter.write(report, o.out());
    out.println(
        "written: " + o.out().resolve("results.csv") + ", " + o.out().resolve("results.json"));
    out.flush();
    return report;
  }

  /** Runs one case, optionally under a JFR recording, and records a failure instead of dying. */
  private static void step(
      Options o, String caseId, List<String> failures, PrintStream out, Runnable body) {
    out.printf("running case %s (%s size)...%n", caseId, o.size().label());
    out.flush();
    Recording recording = null;
    try {
      if (o.jfr()) {
        recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setName("case-" + caseId);
        recording.start();
      }
      body.run();
    } catch (BenchFailure e) {
      failures.add(e.getMessage());
      out.println("CORRECTNESS FAILURE: " + e.getMessage());
    } catch (RuntimeException e) {
      failures.add("case " + caseId + " crashed: " + e);
      e.printStackTrace(out);
    } catch (IOException | ParseException e) {
      failures.add("case " + caseId + ": cannot record JFR: " + e);
    } finally {
      if (recording != null) {
        try {
          recording.stop();
          recording.dump(o.out().resolve("case-" + caseId + ".jfr"));
        } catch (IOException e) {
          out.println("JFR dump failed: " + e);
        } finally {
          recording.close();
        }
      }
    }
  }

  private static void postingCases(
      Options o, Path work, List<CaseResult> results, Map<String, String> breakdown) {
    BenchSize size = o.size();
    List<Round> service = new ArrayList<>();
    List<Round> floor = new ArrayList<>();
    List<PostingCases.Phases> servicePhases = new ArrayList<>();
    List<PostingCases.FloorPhases> floorPhases = new ArrayList<>();
    // Interleaved, so that a change in the machine's load hits both sides of the ratio alike.
    for (int r = 0; r < size.rounds(); r++) {
      if (o.cases().contains("1")) {
        System.gc();
        PostingCases.Phases phases = new PostingCases.Phases(size.timedOps());
        service.add(PostingCases.serviceRound(work, size, phases));
        servicePhases.add(phases);
      }
      if (o.cases().contains("2")) {
        System.gc();
        PostingCases.FloorPhases phases = new PostingCases.FloorPhases();
        floor.add(PostingCases.floorRound(work, size, phases));
        floorPhases.add(phases);
      }
    }
    if (!service.isEmpty()) {
      results.add(CaseResult.fromRounds("1", "post via TransferService, 1 thread", service));
      breakdown.put(
          "1 service p50: validate+read+claim",
          ms(servicePhases.stream().mapToDouble(p -> p.untilClaimed.p50()).toArray()));
      breakdown.put(
          "1 service p50: accounts+writes+flush",
          ms(servicePhases.stream().mapToDouble(p -> p.claimToWritten.p50()).toArray()));
      breakdown.put(
          "1 service p50: commit+CHECKPOINT SYNC",
          ms(servicePhases.stream().mapToDouble(p -> p.commitAndSync.p50()).toArray()));
    }
    if (!floor.isEmpty()) {
      results.add(CaseResult.fromRounds("2", "post via plain JDBC (floor)", floor));
      breakdown.put(
          "2 floor p50: 7 statements",
          ms(floorPhases.stream().mapToDouble(p -> p.statements.p50()).toArray()));
      breakdown.put(
          "2 floor p50: commit",
          ms(floorPhases.stream().mapToDouble(p -> p.commit.p50()).toArray()));
      breakdown.put(
          "2 floor p50: CHECKPOINT SYNC",
          ms(floorPhases.stream().mapToDouble(p -> p.sync.p50()).toArray()));
    }
  }

  private static String ms(double[] roundP50s) {
    return String.format("%.3f ms", CaseResult.median(roundP50s));
  }

  private static void replayCase(Options o, Path work, List<CaseResult> results) {
    List<Round> rounds = new ArrayList<>();
    for (int r = 0; r < o.size().rounds(); r++) {
      System.gc();
      rounds.add(ReplayCases.replayRound(work, o.size(), o.seed() + r));
    }
    results.add(
        CaseResult.fromRounds(
                "3", "replay of a posted key (" + o.size().timedOps() + " stored)", rounds)
            .withNote(
                "random posted key per replay, answered Posted(replayed) with its reference"));
  }

  private static void keyScaleCase(
      Options o, Path work, List<CaseResult> results, PrintStream log) {
    BenchSize size = o.size();
    ReplayCases.KeyScale scale =
        ReplayCases.keyScaleInterleaved(work, size, o.seed(), o.cache(), log);
    String note =
        String.format(
            Locale.ROOT,
            "bulk-loaded, reopened; each replay draws one of %,d distinct keys sampled uniformly"
                + " over all stored keys; warm-up: each sampled key once, then untimed"
                + " rounds until the p50 settled;"
                + " rounds interleaved ABBA with the other ledger; H2 page cache %s. First touch"
                + " (a pass over %,d other keys after the rounds, each read once): p50 %.3f vs"
                + " %.3f ms, ratio %.2f (not the target)",
            ReplayCases.sampleSize(size),
            scale.cacheSize(),
            ReplayCases.sampleSize(size),
            scale.smallFirstTouch().latencies().p50(),
            scale.largeFirstTouch().latencies().p50(),
            scale.largeFirstTouch().latencies().p50() / scale.smallFirstTouch().latencies().p50());
    results.add(
        CaseResult.fromRounds(
                "4", String.format("replay, %,d stored keys", size.scaleSmall()), scale.small())
            .withNote(note));
    results.add(
        CaseResult.fromRounds(
                "4", String.format("replay, %,d stored keys", size.scaleLarge()), scale.large())
            .withRatio(
                CaseResult.median(scale.pairRatios()),
                String.format(Locale.ROOT, "p50 vs %,d keys, paired rounds", size.scaleSmall()))
            .withNote(
                note
                    + String.format(
                        Locale.ROOT,
                        "; per-round ratios %s (median %.2f)",
                        java.util.Arrays.stream(scale.pairRatios())
                            .mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
                            .collect(java.util.stream.Collectors.joining(" ")),
                        CaseResult.median(scale.pairRatios()))));
  }

  private static void contentionCase(Options o, Path work, List<CaseResult> results) {
    List<Round> rounds = new ArrayList<>();
    List<ContentionCase.Stats> stats = new ArrayList<>();
    for (int r = 0; r < o.size().rounds(); r++) {
      System.gc();
      ContentionCase.Stats s = new ContentionCase.Stats();
      rounds.add(ContentionCase.round(work, o.size(), o.seed() + 100 + r, s));
      stats.add(s);
    }
    ContentionCase.Stats last = stats.get(stats.size() - 1);
    double submissionsPerSecond =
        CaseResult.median(
            stats.stream()
                .mapToDouble(s -> s.submissions.get() / (s.elapsedNanos / 1e9))
                .toArray());
    results.add(
        CaseResult.fromRounds(
                "5", ContentionCase.THREADS + " threads, 20% duplicates in flight", rounds)
            .withNote(
                String.format(
                    "ops = new keys; %.0f submissions/s; last round: %d submissions, %d duplicates,"
                        + " %d replay answers, %d retries after InProgress; 0 keys posted twice",
                    submissionsPerSecond,
                    last.submissions.get(),
                    last.duplicates.get(),
                    last.replayAnswers.get(),
                    last.retries.get())));
  }

  private static Optional<CaseResult> find(List<CaseResult> results, String id, int nth) {
    return results.stream().filter(r -> r.id().equals(id) && r.measured()).skip(nth).findFirst();
  }

  /** Fills the ratio column from the rows it compares. */
  static List<CaseResult> ratios(List<CaseResult> results) {
    Optional<CaseResult> service = find(results, "1", 0);
    Optional<CaseResult> small = find(results, "4", 0);
    List<CaseResult> out = new ArrayList<>();
    for (CaseResult r : results) {
      CaseResult x = r;
      if (r.id().equals("2") && service.isPresent()) {
        x =
            r.withRatio(service.get().p50Millis() / r.p50Millis(), "service/floor p50")
                .withNote(
                    String.format(
                        "throughput service/floor %.2f",
                        service.get().opsPerSecond() / r.opsPerSecond()));
      } else if (r.id().equals("3") && service.isPresent()) {
        x = r.withRatio(r.p50Millis() / service.get().p50Millis(), "replay/new p50");
      } else if (r.id().equals("4")
          && small.isPresent()
          && r != small.get()
          && Double.isNaN(r.ratio())) {
        x =
            r.withRatio(
                r.p50Millis() / small.get().p50Millis(),
                String.format("p50 vs %,d keys", smallKeys(small)));
      } else if (r.id().equals("5") && service.isPresent()) {
        x = r.withRatio(r.opsPerSecond() / service.get().opsPerSecond(), "ops/s vs case 1");
      }
      out.add(x);
    }
    return out;
  }

  private static int smallKeys(Optional<CaseResult> small) {
    String digits = small.get().name().replaceAll("[^0-9]", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }

  /**
   * The app image's start-up targets (first frame, interactive), from the {@code coldstart.json}
   * that {@code installer/coldstart.sh} wrote into the same folder, dated, so one file holds every
   * target; none when it has not been run.
   */
  static List<Target> appImageTargets(Path coldStart, PrintStream out) {
    List<Target> targets = new ArrayList<>();
    if (!Files.isRegularFile(coldStart)) {
      return targets;
    }
    try {
      var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(coldStart.toFile());
      String date = root.path("date").asText("?");
      for (var row : root.path("rows")) {
        if (row.path("goalMs").isNull()
            || row.path("goalMs").isMissingNode()
            || row.path("case").asText().contains("no AppCDS")) {
          continue; // a comparison (older coldstart.json files gave these a goal too)
        }
        targets.add(
            new Target(
                "app image, "
                    + row.path("case").asText()
                    + " (median; coldstart.json "
                    + date
                    + ")",
                String.format(Locale.ROOT, "<= %.0f ms", row.path("goalMs").asDouble()),
                String.format(Locale.ROOT, "%.0f ms", row.path("medianMs").asDouble()),
                row.path("met").asBoolean()));
      }
    } catch (IOException e) {
      out.println("cannot read " + coldStart + ": " + e.getMessage());
    }
    return targets;
  }

  static List<Target> targets(List<CaseResult> results, List<String> failures) {
    double nan = Double.NaN;
    CaseResult floor = find(results, "2", 0).orElse(null);
    CaseResult service = find(results, "1", 0).orElse(null);
    CaseResult replay = find(results, "3", 0).orElse(null);
    CaseResult large = find(results, "4", 1).orElse(null);
    List<Target> targets = new ArrayList<>();
    targets.add(
        Target.atMost(
            "service p50 / plain-JDBC floor p50 (issue 13)",
            1.5,
            floor == null ? nan : floor.ratio()));
    targets.add(
        Target.atLeast(
            "service throughput / floor throughput (issue 13)",
            0.67,
            floor == null || service == null
                ? nan
                : service.opsPerSecond() / floor.opsPerSecond()));
    targets.add(
        Target.atMost("replay / new posting, p50", 0.5, replay == null ? nan : replay.ratio()));
    targets.add(
        Target.atMost(
            "replay p50, 1,000,000 / 10,000 stored keys, paired rounds (issue 13)",
            1.5,
            large == null ? nan : large.ratio()));
    boolean doublePost = failures.stream().anyMatch(f -> f.contains("posted twice"));
    targets.add(
        new Target(
            "keys posted twice (checked in every case)",
            "0",
            doublePost ? "SOME (see failures)" : "0",
            !doublePost));
    CaseResult screen = find(results, "6a", 0).orElse(null);
    CaseResult coldStart = find(results, "6b", 0).orElse(null);
    targets.add(
        screen == null
            ? new Target("desktop submit-to-screen p99 - service p99", "< 50 ms", "n/a", null)
            : new Target(
                "desktop submit-to-screen p99 - service p99",
                "< 50 ms",
                String.format(Locale.ROOT, "%.1f ms", screen.ratio()),
                screen.ratio() < 50));
    targets.add(
        coldStart == null
            ? new Target("desktop cold start to interactive (median)", "< 2.5 s", "n/a", null)
            : new Target(
                "desktop cold start to interactive (median)",
                "< 2.5 s",
                String.format(Locale.ROOT, "%.2f s", coldStart.p50Millis() / 1000),
                coldStart.p50Millis() < 2500));
    return targets;
  }
}
