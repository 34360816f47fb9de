package com.onceteller.bench;

import com.onceteller.TestActors;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

  /** Case 4 for one ledger size: bulk-load, then {@code rounds} rounds of timed replays. */
  static List<Round> keyScaleRounds(
      Path workDir, BenchSize size, int storedKeys, long seed, java.io.PrintStream log) {
    try (BenchLedger ledger = BenchLedger.create(workDir, "case4-" + storedKeys)) {
      long t0 = System.nanoTime();
      List<Posted> sample;
      ledger.bulkLoad(storedKeys);
      try (Connection c = ledger.database().dataSource().getConnection()) {
        sample = sampleKeys(c, storedKeys, size.scaleSampleKeys(), new Random(seed));
      } catch (SQLException e) {
        throw new IllegalStateException("sampling keys failed", e);
      }
      log.print(
          String.format(
              "  case 4: %,d keys loaded in %.1f s (file %,d MB)%n",
              storedKeys,
              (System.nanoTime() - t0) / 1e9,
              ledger.settings.h2File().toFile().length() >> 20));
      ledger.verify("case 4 after bulk load", storedKeys);
      TransferService service = new TransferService(ledger.database());
      Random random = new Random(seed + 1);
      List<Round> rounds = new ArrayList<>();
      for (int r = 0; r < size.rounds(); r++) {
        rounds.add(replay(service, sample, size.warmupOps(), size.replayOps(), random));
      }
      ledger.verify("case 4", storedKeys);
      return rounds;
    }
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
