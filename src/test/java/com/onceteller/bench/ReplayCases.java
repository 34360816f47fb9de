package com.onceteller.bench;

import com.onceteller.TestActors;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Case 3 (re-submitting keys that are already posted) and case 4 (the same replay with 10,000 vs
 * 1,000,000 stored keys, filled by {@link BulkLoader}).
 */
final class ReplayCases {

  private ReplayCases() {}

  /** A posted key and what the service answered the first time. */
  record Posted(IdempotencyKey key, TransferRequest request, String reference) {}

  /** Case 3, one round: post {@code timedOps} keys through the service, then replay them. */
  static Round replayRound(Path workDir, BenchSize size, long seed) {
    try (BenchLedger ledger = BenchLedger.create(workDir, "case3")) {
      TransferService service = new TransferService(ledger.database());
      List<Posted> posted = new ArrayList<>();
      for (int i = 0; i < size.timedOps(); i++) {
        TransferRequest request = BenchLedger.request(1 + i % 997);
        TransferOutcome.Posted p = PostingCases.postNew(service, request);
        posted.add(new Posted(p.key(), request, p.reference()));
      }
      Round round = replay(service, posted, size.warmupOps(), size.replayOps(), new Random(seed));
      ledger.verify("case 3", size.timedOps());
      return round;
    }
  }

  /** Warm-up then timed replays of keys drawn at random from {@code posted}. */
  static Round replay(
      TransferService service, List<Posted> posted, int warmup, int timed, Random random) {
    for (int i = 0; i < warmup; i++) {
      replayOne(service, posted.get(random.nextInt(posted.size())));
    }
    Latencies lat = new Latencies(timed);
    long start = System.nanoTime();
    for (int i = 0; i < timed; i++) {
      Posted p = posted.get(random.nextInt(posted.size()));
      long t0 = System.nanoTime();
      replayOne(service, p);
      lat.add(System.nanoTime() - t0);
    }
    return new Round(timed, System.nanoTime() - start, lat);
  }

  private static void replayOne(TransferService service, Posted p) {
    TransferOutcome outcome = service.submit(TestActors.TELLER, p.key(), p.request());
    if (!(outcome instanceof TransferOutcome.Posted again)
        || !again.replayed()
        || !again.reference().equals(p.reference())) {
      throw new BenchFailure("replay of " + p.key() + " (" + p.reference() + ") gave " + outcome);
    }
  }

  /** Case 4's figures: the rounds of each ledger and the large/small p50 ratio of each pair. */
  record KeyScale(List<Round> small, List<Round> large, double[] pairRatios) {}

  /**
   * Case 4: both ledgers bulk-loaded and open side by side, then their timed rounds interleaved in
   * ABBA order (small, large, large, small, …), so that a change in the machine's load or in the
   * JVM's state hits both sides of the ratio alike. Warm-up, stated: {@code warmupOps} replays and
   * then one untimed round of {@code replayOps} on each ledger, so the JIT has compiled the replay
   * path and each ledger's index pages have been read once before anything is timed.
   */
  static KeyScale keyScaleInterleaved(
      Path workDir, BenchSize size, long seed, Path cache, PrintStream log) {
    try (BenchLedger small = BenchLedger.create(workDir, "case4-" + size.scaleSmall());
        BenchLedger large = BenchLedger.create(workDir, "case4-" + size.scaleLarge())) {
      List<Posted> smallSample = load(small, size.scaleSmall(), size, seed, cache, log);
      List<Posted> largeSample = load(large, size.scaleLarge(), size, seed, cache, log);
      TransferService smallService = new TransferService(small.database());
      TransferService largeService = new TransferService(large.database());
      Random smallRandom = new Random(seed + 1);
      Random largeRandom = new Random(seed + 2);
      replay(smallService, smallSample, size.warmupOps(), size.replayOps(), smallRandom);
      replay(largeService, largeSample, size.warmupOps(), size.replayOps(), largeRandom);
      List<Round> smallRounds = new ArrayList<>();
      List<Round> largeRounds = new ArrayList<>();
      double[] ratios = new double[size.rounds()];
      for (int r = 0; r < size.rounds(); r++) {
        Round s;
        Round l;
        System.gc();
        if (r % 2 == 0) {
          s = replay(smallService, smallSample, 0, size.replayOps(), smallRandom);
          l = replay(largeService, largeSample, 0, size.replayOps(), largeRandom);
        } else {
          l = replay(largeService, largeSample, 0, size.replayOps(), largeRandom);
          s = replay(smallService, smallSample, 0, size.replayOps(), smallRandom);
        }
        smallRounds.add(s);
        largeRounds.add(l);
        ratios[r] = l.latencies().p50() / s.latencies().p50();
        log.printf(
            Locale.ROOT,
            "  case 4 round %d: p50 %.4f ms (%,d keys) vs %.4f ms (%,d keys), ratio %.2f%n",
            r + 1,
            s.latencies().p50(),
            size.scaleSmall(),
            l.latencies().p50(),
            size.scaleLarge(),
            ratios[r]);
      }
      small.verify("case 4", size.scaleSmall());
      large.verify("case 4", size.scaleLarge());
      return new KeyScale(smallRounds, largeRounds, ratios);
    }
  }

  /** Bulk-loads {@code storedKeys} and samples the keys the replays will draw from. */
  private static List<Posted> load(
      BenchLedger ledger, int storedKeys, BenchSize size, long seed, Path cache, PrintStream log) {
    long t0 = System.nanoTime();
    ledger.bulkLoad(storedKeys, cache);
    List<Posted> sample;
    try (Connection c = ledger.database().dataSource().getConnection()) {
      sample = sampleKeys(c, storedKeys, size.scaleSampleKeys(), new Random(seed));
    } catch (SQLException e) {
      throw new IllegalStateException("sampling keys failed", e);
    }
    log.print(
        String.format(
            "  case 4: %,d keys loaded (or copied from the cache) in %.1f s (file %,d MB)%n",
            storedKeys,
            (System.nanoTime() - t0) / 1e9,
            ledger.settings.h2File().toFile().length() >> 20));
    ledger.verify("case 4 after bulk load", storedKeys);
    return sample;
  }

  /** Keys of transfers picked uniformly at random among all stored ones. */
  private static List<Posted> sampleKeys(Connection c, int stored, int wanted, Random random)
      throws SQLException {
    long minId = BenchLedger.single(c, "select min(id) from transfer");
    List<Posted> sample = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("select idempotency_key, reference from transfer where id = ?")) {
      for (int i = 0; i < Math.min(wanted, stored); i++) {
        ps.setLong(1, minId + random.nextInt(stored));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          sample.add(
              new Posted(
                  new IdempotencyKey(rs.getObject(1, UUID.class)),
                  BulkLoader.REQUEST,
                  rs.getString(2)));
        }
      }
    }
    c.rollback();
    return sample;
  }
}
