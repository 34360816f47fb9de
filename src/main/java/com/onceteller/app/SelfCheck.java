package com.onceteller.app;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.ledger.DemoUsers;
import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Role;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --self-check}: proves an installation works without opening a window. Creates a ledger
 * with the demo data in a temporary folder, posts one transfer with the real {@link
 * TransferService}, sends the same key again, and checks that the second answer is a replay of the
 * first and that money moved exactly once. Prints a short report (command-line output) and returns
 * the exit code: 0 when every check passed, 1 otherwise.
 */
public final class SelfCheck {

  private static final Logger log = LoggerFactory.getLogger(SelfCheck.class);

  /** 1.00 EUR between the first two demo accounts. */
  static final long AMOUNT_MINOR = 100;

  private final PrintStream out;
  private final List<String> failures = new ArrayList<>();

  private SelfCheck(PrintStream out) {
    this.out = out;
  }

  /** Runs in a fresh temporary folder, deleted afterwards. */
  public static int run(PrintStream out) {
    Path dir;
    try {
      dir = Files.createTempDirectory("onceteller-self-check-");
    } catch (IOException e) {
      out.println("Self-check FAILED: cannot create a temporary folder: " + e.getMessage());
      return 1;
    }
    try {
      return run(dir, out);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Runs with its ledger in {@code workDir} (which must not hold a ledger named self-check). */
  public static int run(Path workDir, PrintStream out) {
    return new SelfCheck(out).check(workDir);
  }

  private int check(Path workDir) {
    out.println("OnceTeller " + AppVersion.current() + " self-check");
    out.println(
        "  Java "
            + Runtime.version()
            + " ("
            + System.getProperty("java.vm.name")
            + ") at "
            + System.getProperty("java.home"));
    Path file = workDir.resolve("self-check.mv.db");
    if (Files.exists(file)) {
      out.println("Self-check FAILED: " + file + " already exists; refusing to reuse it.");
      return 1;
    }
    out.println("  ledger: " + file);
    try (Database db = Database.open(DatabaseSettings.h2File(file))) {
      DemoData.installIfEmpty(db);
      DemoUsers.installIfNoUsers(db);
      LedgerQueries queries = new LedgerQueries(db);
      expect(
          queries.accounts().size() == DemoData.ACCOUNTS.size(),
          "demo data installed (" + queries.accounts().size() + " accounts)");

      String from = DemoData.ACCOUNTS.get(0).number();
      String to = DemoData.ACCOUNTS.get(1).number();
      long fromBefore = queries.account(from).orElseThrow().balanceMinor();
      long toBefore = queries.account(to).orElseThrow().balanceMinor();
      Map<String, Long> totalsBefore = queries.totalsByCurrency();

      TransferService service = new TransferService(db);
      // The self-check's ledger is a demonstration ledger: it posts as its demo teller.
      Actor teller = new Actor("anna", Role.TELLER, "self-check");
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest request = new TransferRequest(from, to, AMOUNT_MINOR, "EUR", "self-check");

      TransferOutcome first = service.submit(teller, key, request);
      out.println("  first attempt:  " + describe(first));
      TransferOutcome second = service.submit(teller, key, request);
      out.println("  replay (same key): " + describe(second));

      if (first instanceof TransferOutcome.Posted p1) {
        expect(!p1.replayed(), "first attempt posted now, not replayed");
        if (second instanceof TransferOutcome.Posted p2) {
          expect(p2.replayed(), "second attempt answered as a replay");
          expect(
              p1.reference().equals(p2.reference()),
              "replay has the same reference " + p1.reference());
        } else {
          expect(false, "second attempt answered Posted (was " + kind(second) + ")");
        }
      } else {
        expect(false, "first attempt answered Posted (was " + kind(first) + ")");
      }
      expect(
          queries.account(from).orElseThrow().balanceMinor() == fromBefore - AMOUNT_MINOR,
          "debited exactly once");
      expect(
          queries.account(to).orElseThrow().balanceMinor() == toBefore + AMOUNT_MINOR,
          "credited exactly once");
      expect(queries.countTransfersForKey(key.value()) == 1, "one transfer for the key");
      expect(queries.totalsByCurrency().equals(totalsBefore), "totals per currency unchanged");
    } catch (RuntimeException e) {
      log.error("Self-check failed", e);
      failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
      out.println("  error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (failures.isEmpty()) {
      out.println("Self-check passed: one transfer posted, its replay moved no money.");
      return 0;
    }
    out.println("Self-check FAILED: " + String.join("; ", failures));
    return 1;
  }

  private void expect(boolean ok, String what) {
    out.println("  [" + (ok ? " ok " : "FAIL") + "] " + what);
    if (!ok) {
      failures.add(what);
    }
  }

  private static String kind(TransferOutcome outcome) {
    return outcome.getClass().getSimpleName();
  }

  private static String describe(TransferOutcome outcome) {
    if (outcome instanceof TransferOutcome.Posted p) {
      return "Posted "
          + p.reference()
          + " "
          + p.request().amount().format()
          + (p.replayed() ? " (replayed)" : "");
    }
    if (outcome instanceof TransferOutcome.Rejected r) {
      return "Rejected " + r.reason() + ": " + r.message();
    }
    if (outcome instanceof TransferOutcome.Invalid i) {
      return "Invalid: " + i.summary();
    }
    if (outcome instanceof TransferOutcome.InProgress p) {
      return "InProgress: " + p.message();
    }
    if (outcome instanceof TransferOutcome.NotExecuted n) {
      return "NotExecuted: " + n.message();
    }
    if (outcome instanceof TransferOutcome.OutcomeUnknown u) {
      return "OutcomeUnknown: " + u.message();
    }
    return kind(outcome);
  }

  private static void deleteQuietly(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
              Files.delete(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      log.warn("Could not delete the self-check folder {}: {}", dir, e.toString());
    }
  }
}
