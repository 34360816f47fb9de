package com.onceteller.app;

import com.onceteller.demo.Scenario;
import com.onceteller.demo.ScenarioReport;
import com.onceteller.demo.ScenarioRunner;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.timeline.TimelineText;
import com.onceteller.desk.timeline.Words;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Role;
import com.onceteller.domain.TransferOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs demonstrations headless: {@code scenario NAME|all [--db PATH]}. Prints each timeline as text
 * and the balances before and after; exits 1 if money moved more than once, 2 on bad usage. Without
 * {@code --db} it works on a fresh demo ledger in a temporary folder, deleted afterwards.
 */
public final class ScenarioCli {

  /** Short timeouts so a whole run takes seconds; the slow-service scenario scales with them. */
  static final AppContext.ClientSettings CLI_CLIENT =
      new AppContext.ClientSettings(
          Duration.ofMillis(1_500),
          new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), 8));

  private ScenarioCli() {}

  /** Returns the process exit code. {@code args} excludes the word "scenario". */
  public static int run(List<String> args, PrintStream out) {
    if (args.isEmpty() || args.contains("--help")) {
      out.println("usage: scenario NAME|all [--db PATH]   (names: " + Scenario.names() + ")");
      return args.isEmpty() ? 2 : 0;
    }
    List<Scenario> scenarios = new ArrayList<>();
    Path db = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--db") && i + 1 < args.size()) {
        db = Path.of(args.get(++i));
      } else if (a.equals("all")) {
        scenarios.addAll(List.of(Scenario.values()));
      } else {
        try {
          scenarios.add(Scenario.byName(a));
        } catch (IllegalArgumentException e) {
          out.println(e.getMessage());
          return 2;
        }
      }
    }
    Path tempDir = null;
    try {
      if (db == null) {
        tempDir = Files.createTempDirectory("onceteller-scenario");
        db = tempDir.resolve("demo-ledger.mv.db");
      }
      int failures = 0;
      try (AppContext ctx = AppContext.open(db, true, CLI_CLIENT)) {
        // Headless demonstrations run as the demo ledger's teller.
        ctx.signedOn(new Actor("anna", Role.TELLER, "scenario"));
        ScenarioRunner runner =
            new ScenarioRunner(
                ctx::newSubmission,
                ctx.client(),
                ctx.faultPlan(),
                ctx.queries(),
                ctx.timeline(),
                CLI_CLIENT.timeout());
        for (Scenario s : scenarios) {
          ScenarioReport r =
              runner.run(s, com.onceteller.desk.client.RetryingSubmission.Listener.NONE);
          print(r, out);
          if (!r.movedAtMostOnce()) {
            failures++;
          }
        }
      }
      return failures == 0 ? 0 : 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("interrupted");
      return 1;
    } catch (IOException | RuntimeException e) {
      out.println("scenario failed: " + e.getMessage());
      return 1;
    } finally {
      deleteQuietly(tempDir);
    }
  }

  static void print(ScenarioReport r, PrintStream out) {
    out.println("=== " + r.scenario().cliName() + ": " + r.scenario().description());
    out.println("key " + r.key());
    out.print(TimelineText.render(r.events()));
    out.println(
        "answers: "
            + r.answers().stream().map(o -> Words.outcome(o, ZoneId.systemDefault())).toList());
    out.println("ended: " + r.finalState());
    out.println("balances before -> after:");
    row(out, r.fromBefore(), r.fromAfter());
    row(out, r.toBefore(), r.toAfter());
    out.println("postings for this key: " + r.postingsForKey() + " -> " + r.verdict());
    out.println();
  }

  private static void row(PrintStream out, AccountSummary before, AccountSummary after) {
    out.printf(
        "  %-28s %-26s %16s -> %16s%n",
        before.prettyNumber(),
        before.holder(),
        before.balance().format(),
        after.balance().format());
  }

  /** The last answer of a report, for tests. */
  static TransferOutcome lastAnswer(ScenarioReport r) {
    return r.answers().isEmpty() ? null : r.answers().get(r.answers().size() - 1);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind is harmless
    }
  }
}
