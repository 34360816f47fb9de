package com.onceteller.crash;

import com.onceteller.TestActors;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures what durability costs: transfers per second through the real {@link TransferService} and
 * the size of the H2 file, for the app's settings and for variants without the fsync or with H2's
 * default retention time. Not a unit test (speed is measured, not asserted).
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.onceteller.crash.DurabilityBenchmark -Dexec.args="--transfers 20000"
 * </pre>
 *
 * Optional: {@code --only safe,nosync,retention45} to run some variants.
 */
public final class DurabilityBenchmark {

  record Variant(String name, String options, boolean sync, long compactionFloor) {}

  /** H2's default of reusing freed space inside the file (what the app ran with before). */
  static final String REUSE_SPACE_OPTIONS =
      ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=2000;FILE_LOCK=FILE";

  static final List<Variant> VARIANTS =
      List.of(
          new Variant(
              "safe",
              DatabaseSettings.H2_SAFE_OPTIONS,
              true,
              DatabaseSettings.H2_COMPACTION_FLOOR_BYTES),
          new Variant(
              "nosync",
              DatabaseSettings.H2_SAFE_OPTIONS,
              false,
              DatabaseSettings.H2_COMPACTION_FLOOR_BYTES),
          new Variant("nocompact", DatabaseSettings.H2_SAFE_OPTIONS, true, 0),
          new Variant("reusespace", REUSE_SPACE_OPTIONS, true, 0));

  private static final int[] EUR_OPEN = {0, 1, 2, 4, 6};

  public static void main(String[] args) throws Exception {
    int transfers = 20_000;
    List<String> only = null;
    long seed = System.nanoTime();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--transfers" -> transfers = Integer.parseInt(args[++i]);
        case "--only" -> only = List.of(args[++i].split(","));
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    System.out.println("seed " + seed + ", transfers " + transfers);
    for (Variant v : VARIANTS) {
      if (only == null || only.contains(v.name())) {
        run(v, transfers, seed);
      }
    }
  }

  static void run(Variant v, int transfers, long seed) throws Exception {
    Path dir = Files.createTempDirectory("onceteller-bench");
    Path file = dir.resolve("bench.mv.db");
    DatabaseSettings settings =
        DatabaseSettings.h2File(file, v.options(), v.sync(), v.compactionFloor());
    Random random = new Random(seed);
    long maxSize = 0;
    long posted = 0;
    double seconds;
    long sizeBeforeClose;
    try (Database db = Database.open(settings)) {
      DemoData.installIfEmpty(db);
      com.onceteller.TestLedger.prepare(db);
      TransferService service = new TransferService(db);
      long t0 = System.nanoTime();
      for (int i = 0; i < transfers; i++) {
        int from = EUR_OPEN[random.nextInt(EUR_OPEN.length)];
        int to = EUR_OPEN[(indexOf(from) + 1 + random.nextInt(EUR_OPEN.length - 1)) % 5];
        TransferRequest r =
            new TransferRequest(
                DemoData.ACCOUNTS.get(from).number(),
                DemoData.ACCOUNTS.get(to).number(),
                1 + random.nextInt(99),
                "EUR",
                "Bench " + i);
        TransferOutcome o = service.submit(TestActors.TELLER, IdempotencyKey.mint(), r);
        if (o instanceof TransferOutcome.Posted) {
          posted++;
        }
        if (i % 500 == 0) {
          maxSize = Math.max(maxSize, Files.size(file));
        }
      }
      seconds = (System.nanoTime() - t0) / 1e9;
      sizeBeforeClose = Files.size(file);
      maxSize = Math.max(maxSize, sizeBeforeClose);
    }
    long sizeAfterClose = Files.size(file);
    try (Database db = Database.open(settings)) {
      // reopen: what the file is at the next start-up
    }
    long sizeAfterReopen = Files.size(file);
    System.out.printf(
        Locale.ROOT,
        "%-12s %6d transfers (%d posted) in %6.1f s = %6.0f transfers/s;"
            + " file max %6.1f MB, at end %6.1f MB, after close %5.1f MB, after reopen %5.1f MB%n",
        v.name(),
        transfers,
        posted,
        seconds,
        transfers / seconds,
        mb(maxSize),
        mb(sizeBeforeClose),
        mb(sizeAfterClose),
        mb(sizeAfterReopen));
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  private static int indexOf(int account) {
    for (int i = 0; i < EUR_OPEN.length; i++) {
      if (EUR_OPEN[i] == account) {
        return i;
      }
    }
    throw new IllegalArgumentException();
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
