package com.onceteller.bench;

import com.onceteller.TestActors;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.StoreCompactor;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long the ledger takes to open after a crash, against the size of its file (issue 13). For
 * each size: bulk-load that many posted keys, then a child JVM opens the file with the production
 * settings and posts transfers until it is killed with SIGKILL mid-stream; then this process opens
 * it again and reports the phases the store reports ({@link Database.StoreEvents}): the read-only
 * check before anything may write, H2's own recovery with migrations and Hibernate, a compaction if
 * one ran. For comparison, the same file is opened again after a normal close. A warm-up open of
 * another ledger comes first, so class loading is not counted (cold start is measured apart).
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath com.onceteller.bench.RecoveryProbe --sizes 10000,100000,1000000"
 * </pre>
 *
 * {@code --cache DIR} reuses bulk-loaded ledgers as benchmark case 4 does ({@code --cache=DIR}).
 * Prints one table and writes {@code target/bench/recovery.md}. Not a test: nothing is asserted
 * about time; a file that does not open, or loses a transfer the child had acknowledged, fails.
 */
public final class RecoveryProbe {

  private static final String READY = "READY";
  private static final String ACK = "ACK";

  private RecoveryProbe() {}

  /** One size's figures. */
  record Row(
      int keys,
      long fileBytes,
      long acknowledged,
      long crashOpenMs,
      long checkMs,
      long recoveredMs,
      String compaction,
      long normalOpenMs) {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(Path.of(args[1]));
      return;
    }
    List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);
    Path out = Path.of("target", "bench");
    Path cache = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> {
          sizes = new ArrayList<>();
          for (String s : args[++i].split(",")) {
            sizes.add(Integer.parseInt(s.strip()));
          }
        }
        case "--out" -> out = Path.of(args[++i]);
        case "--cache" -> cache = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    PrintStream log = System.out;
    String loadStart = MachineInfo.loadAverage();
    Path work = Files.createTempDirectory("onceteller-recovery-");
    List<Row> rows = new ArrayList<>();
    try {
      // Class loading and Hibernate's first boot are the cold start's (measured separately): one
      // open of another ledger first, so the rows compare the stores, not the JVM's first minute.
      try (BenchLedger warmUp = BenchLedger.create(work, "warm-up")) {
        warmUp.closeDatabase();
        Database.open(warmUp.settings).close();
      }
      for (int keys : sizes) {
        rows.add(measure(work, keys, cache, log));
      }
    } finally {
      BenchLedger.deleteRecursively(work);
    }
    String table = table(rows, loadStart, MachineInfo.loadAverage());
    log.println(table);
    Files.createDirectories(out);
    Files.writeString(out.resolve("recovery.md"), table, StandardCharsets.UTF_8);
    log.println("written: " + out.resolve("recovery.md"));
  }

  private static Row measure(Path work, int keys, Path cache, PrintStream log) throws Exception {
    try (BenchLedger ledger = BenchLedger.create(work, "recovery-" + keys)) {
      ledger.bulkLoad(keys, cache);
      ledger.closeDatabase();
      Path file = ledger.settings.h2File();
      long acknowledged = runChildAndKill(file, log);
      long fileBytes = Files.size(file);

      Timings t = new Timings();
      long t0 = System.nanoTime();
      Database db = Database.open(ledger.settings, t);
      long crashOpen = (System.nanoTime() - t0) / 1_000_000;
      long transfers;
      try (var c = db.dataSource().getConnection()) {
        transfers = BenchLedger.single(c, "select count(*) from transfer");
        List<String> problems = BenchLedger.violations(c, -1);
        c.rollback();
        if (!problems.isEmpty() || transfers < keys + acknowledged) {
          throw new BenchFailure(
              "after the kill: "
                  + transfers
                  + " transfers for "
                  + keys
                  + " loaded + "
                  + acknowledged
                  + " acknowledged; "
                  + problems);
        }
      }
      db.close();

      long t1 = System.nanoTime();
      Database again = Database.open(ledger.settings);
      long normalOpen = (System.nanoTime() - t1) / 1_000_000;
      again.close();
      Row row =
          new Row(
              keys,
              fileBytes,
              acknowledged,
              crashOpen,
              t.checkMs(t0),
              t.recoveredMs,
              t.compaction,
              normalOpen);
      log.printf(Locale.ROOT, "  %,d keys: %s%n", keys, row);
      return row;
    }
  }

  /** Starts the child on the file, waits for it to post for a while, kills it with SIGKILL. */
  private static long runChildAndKill(Path file, PrintStream log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                RecoveryProbe.class.getName(),
                "--child",
                file.toString())
            .redirectError(file.resolveSibling("child-stderr.log").toFile())
            .start();
    long acknowledged = 0;
    long readyAt = 0;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.equals(READY)) {
          readyAt = System.nanoTime();
        } else if (line.startsWith(ACK)) {
          acknowledged++;
        }
        // Killed mid-stream, after 200 postings or 5 s (a stream of commits, the last one partly
        // written, is what H2 recovers from).
        if (readyAt != 0 && (acknowledged >= 200 || System.nanoTime() - readyAt > 5_000_000_000L)) {
          p.destroyForcibly(); // SIGKILL on Linux
          break;
        }
      }
    }
    p.waitFor(30, TimeUnit.SECONDS);
    if (readyAt == 0) {
      Path err = file.resolveSibling("child-stderr.log");
      List<String> lines = Files.exists(err) ? Files.readAllLines(err) : List.of();
      throw new BenchFailure(
          "the child never opened "
              + file
              + "; its last error lines: "
              + String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size())));
    }
    log.printf("  child killed after %d acknowledged postings%n", acknowledged);
    return acknowledged;
  }

  /** The child: production open, then postings, one flushed line per acknowledgement. */
  private static void child(Path file) {
    Database db = Database.open(DatabaseSettings.h2File(file));
    TransferService service = new TransferService(db);
    System.out.println(READY);
    System.out.flush();
    for (long i = 1; ; i++) {
      TransferOutcome o =
          service.submit(
              TestActors.TELLER, IdempotencyKey.mint(), BenchLedger.request(i % 997 + 1));
      if (o instanceof TransferOutcome.Posted) {
        System.out.println(ACK);
        System.out.flush();
      }
    }
  }

  /** The store's own events during the open after the kill. */
  private static final class Timings implements Database.StoreEvents {
    volatile long recoveringAt;
    volatile long recoveredMs = -1;
    volatile String compaction = "none";

    @Override
    public void recovering(Path file) {
      recoveringAt = System.nanoTime();
    }

    @Override
    public void recovered(Path file, long millis) {
      recoveredMs = millis;
    }

    @Override
    public void compacted(Path file, StoreCompactor.Result result) {
      compaction = result.toString();
    }

    long checkMs(long openStarted) {
      return recoveringAt == 0 ? -1 : (recoveringAt - openStarted) / 1_000_000;
    }
  }

  static String table(List<Row> rows, String loadStart, String loadEnd) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "Ledger open after SIGKILL vs file size (load %s at start, %s at end)%n%n",
            loadStart,
            loadEnd));
    sb.append(
        "| stored keys | file MB | postings acknowledged before the kill | open after the kill ms"
            + " | of which read-only check ms | recovery (check + H2 + migrations + Hibernate) ms"
            + " | compaction | open after a normal close ms |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %,d | %.1f | %,d | %,d | %,d | %,d | %s | %,d |%n",
              r.keys(),
              r.fileBytes() / 1048576.0,
              r.acknowledged(),
              r.crashOpenMs(),
              r.checkMs(),
              r.recoveredMs(),
              r.compaction(),
              r.normalOpenMs()));
    }
    return sb.toString();
  }
}
