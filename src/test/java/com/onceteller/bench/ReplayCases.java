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

  /**
   * Case 4's figures: the rounds of each ledger, the large/small p50 ratio of each pair, and the
   * first touch: one pass over keys not read since the ledger was opened, after the warm rounds.
   */
  record KeyScale(
      List<Round> small,
      List<Round> large,
      double[] pairRatios,
      Round smallFirstTouch,
      Round largeFirstTouch,
      String cacheSize) {}

  static final int MIN_WARMUP_ROUNDS = 3;

  static final int MAX_WARMUP_ROUNDS = 12;

  /**
   * Case 4: both ledgers bulk-loaded and open side by side, then their timed rounds interleaved in
   * ABBA order (small, large, large, small, …), so that a change in the machine's load or in the
   * JVM's state hits both sides of the ratio alike. The target's figure is the median of the
   * rounds' paired ratios: each pair ran back to back, so what drifts between rounds cancels within
   * a pair.
   *
   * <p>Warm-up, stated: every sampled key replayed once on its ledger, in sample order, then
   * untimed rounds of {@code replayOps} on each until each ledger's p50 moves by less than a tenth
   * between two (at least {@value #MIN_WARMUP_ROUNDS}, at most {@value #MAX_WARMUP_ROUNDS}). Alone
   * in a fresh JVM on two cores, a fixed short warm-up left the JIT compiling during the first
   * timed rounds (their p50 fell 4× from round 1 to 5), and the earlier warm-up over a fifth of the
   * keys left each round reading a different share of them for the first time. After this one the
   * replay path is compiled and each ledger holds the pages of the keys a round draws from (the
   * working set of a desk that has been answering those keys), so a round measures the lookup.
   *
   * <p>What a key costs the first time it is read after the ledger opened is measured apart, after
   * the rounds, on a second sample of keys no replay has touched: {@link KeyScale#smallFirstTouch},
   * {@link KeyScale#largeFirstTouch}.
   */
  static KeyScale keyScaleInterleaved(
      Path workDir, BenchSize size, long seed, Path cache, PrintStream log) {
    try (BenchLedger small = BenchLedger.create(workDir, "case4-" + size.scaleSmall());
        BenchLedger large = BenchLedger.create(workDir, "case4-" + size.scaleLarge())) {
      List<List<Posted>> smallSamples = load(small, size.scaleSmall(), size, seed, cache, log);
      List<List<Posted>> largeSamples = load(large, size.scaleLarge(), size, seed, cache, log);
      List<Posted> smallSample = smallSamples.get(0);
      List<Posted> largeSample = largeSamples.get(0);
      TransferService smallService = new TransferService(small.database());
      TransferService largeService = new TransferService(large.database());
      Random smallRandom = new Random(seed + 1);
      Random largeRandom = new Random(seed + 2);
      long w0 = System.nanoTime();
      passOver(smallService, smallSample);
      passOver(largeService, largeSample);
      // Until the JIT and both caches settle: untimed round pairs until each ledger's p50 moves
      // by less than a tenth from one pair to the next (at least MIN, at most MAX pairs).
      int warmRounds = 0;
      double previousSmall = Double.NaN;
      double previousLarge = Double.NaN;
      while (warmRounds < MAX_WARMUP_ROUNDS) {
        double smallP50 =
            replay(smallService, smallSample, 0, size.replayOps(), smallRandom).latencies().p50();
        double largeP50 =
            replay(largeService, largeSample, 0, size.replayOps(), largeRandom).latencies().p50();
        warmRounds++;
        boolean settled =
            Math.abs(smallP50 - previousSmall) < 0.1 * previousSmall
                && Math.abs(largeP50 - previousLarge) < 0.1 * previousLarge;
        previousSmall = smallP50;
        previousLarge = largeP50;
        if (warmRounds >= MIN_WARMUP_ROUNDS && settled) {
          break;
        }
      }
      log.printf(
          Locale.ROOT,
          "  case 4 warm-up: each of the %,d sampled keys once per ledger, then %d untimed rounds"
              + " each until the p50 settled (%.1f s)%n",
          smallSample.size(),
          warmRounds,
          (System.nanoTime() - w0) / 1e9);
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
      Round smallFirst = timedPass(smallService, smallSamples.get(1));
      Round largeFirst = timedPass(largeService, largeSamples.get(1));
      log.printf(
          Locale.ROOT,
          "  case 4 first touch (%,d keys not read since open): p50 %.4f ms vs %.4f ms, ratio"
              + " %.2f%n",
          largeSamples.get(1).size(),
          smallFirst.latencies().p50(),
          largeFirst.latencies().p50(),
          largeFirst.latencies().p50() / smallFirst.latencies().p50());
      String cacheSize = cacheSize(large);
      small.verify("case 4", size.scaleSmall());
      large.verify("case 4", size.scaleLarge());
      return new KeyScale(smallRounds, largeRounds, ratios, smallFirst, largeFirst, cacheSize);
    }
  }

  /** Replays every key of {@code sample} once, in order. */
  private static void passOver(TransferService service, List<Posted> sample) {
    for (Posted p : sample) {
      replayOne(service, p);
    }
  }

  /** As {@link #passOver}, timed. */
  private static Round timedPass(TransferService service, List<Posted> sample) {
    Latencies lat = new Latencies(sample.size());
    long start = System.nanoTime();
    for (Posted p : sample) {
      long t0 = System.nanoTime();
      replayOne(service, p);
      lat.add(System.nanoTime() - t0);
    }
    return new Round(sample.size(), System.nanoTime() - start, lat);
  }

  /** H2's page cache of {@code ledger} as the production settings leave it, for the notes. */
  private static String cacheSize(BenchLedger ledger) {
    try (Connection c = ledger.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select setting_value from information_schema.settings"
                    + " where setting_name = 'CACHE_SIZE'");
        ResultSet rs = ps.executeQuery()) {
      String kb = rs.next() ? rs.getString(1) : null;
      c.rollback();
      return kb == null ? "unknown" : (Long.parseLong(kb) >> 10) + " MB";
    } catch (SQLException | NumberFormatException e) {
      return "unknown";
    }
  }

  /**
   * Bulk-loads {@code storedKeys} and samples two disjoint sets of keys: the one the rounds draw
   * from, and one for the first-touch pass.
   */
  private static List<List<Posted>> load(
      BenchLedger ledger, int storedKeys, BenchSize size, long seed, Path cache, PrintStream log) {
    long t0 = System.nanoTime();
    ledger.bulkLoad(storedKeys, cache);
    List<Posted> sample;
    try (Connection c = ledger.database().dataSource().getConnection()) {
      sample = sampleKeys(c, storedKeys, 2 * sampleSize(size), new Random(seed));
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
    int half = sample.size() / 2;
    return List.of(sample.subList(0, half), sample.subList(half, sample.size()));
  }

  /**
   * Keys per sample, the same for both ledgers (so both rounds draw from working sets of one size):
   * the size's figure, or half the small ledger when that is fewer.
   */
  static int sampleSize(BenchSize size) {
    return Math.min(size.scaleSampleKeys(), size.scaleSmall() / 2);
  }

  /** Distinct keys of transfers picked uniformly at random among all stored ones. */
  private static List<Posted> sampleKeys(Connection c, int stored, int wanted, Random random)
      throws SQLException {
    long minId = BenchLedger.single(c, "select min(id) from transfer");
    List<Posted> sample = new ArrayList<>();
    java.util.Set<Integer> picked = new java.util.HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement("select idempotency_key, reference from transfer where id = ?")) {
      while (sample.size() < Math.min(wanted, stored)) {
        int offset = random.nextInt(stored);
        if (!picked.add(offset)) {
          continue;
        }
        ps.setLong(1, minId + offset);
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
