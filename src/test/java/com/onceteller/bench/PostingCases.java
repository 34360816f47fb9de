package com.onceteller.bench;

import com.onceteller.TestActors;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Case 1 (a new posting through the real {@link TransferService}, one teller thread) and case 2
 * (the same transaction shape in plain JDBC: the floor for this durability promise on this
 * machine).
 */
final class PostingCases {

  private PostingCases() {}

  /** Where the time of one posting goes, from the service's own {@link ServiceObserver} hooks. */
  static final class Phases implements ServiceObserver {
    final Latencies untilClaimed; // validate, fingerprint, replay read, writer, claim insert
    final Latencies claimToWritten; // account loads, reference, inserts/updates, flush
    final Latencies commitAndSync; // commit + CHECKPOINT SYNC
    private long received;
    private long claimed;
    private long written;
    private boolean timing;

    Phases(int expected) {
      untilClaimed = new Latencies(expected);
      claimToWritten = new Latencies(expected);
      commitAndSync = new Latencies(expected);
    }

    void timing(boolean on) {
      timing = on;
    }

    @Override
    public void received(IdempotencyKey key) {
      received = System.nanoTime();
    }

    @Override
    public void keyClaimed(IdempotencyKey key) {
      claimed = System.nanoTime();
    }

    @Override
    public void postingsWritten(IdempotencyKey key) {
      written = System.nanoTime();
    }

    @Override
    public void committed(IdempotencyKey key, TransferOutcome outcome) {
      long now = System.nanoTime();
      if (timing) {
        untilClaimed.add(claimed - received);
        claimToWritten.add(written - claimed);
        commitAndSync.add(now - written);
      }
    }
  }

  /** Case 1, one round on a fresh ledger. */
  static Round serviceRound(Path workDir, BenchSize size, Phases phases) {
    try (BenchLedger ledger = BenchLedger.create(workDir, "case1")) {
      TransferService service = new TransferService(ledger.database(), Clock.systemUTC(), phases);
      for (int i = 0; i < size.warmupOps(); i++) {
        postNew(service, BenchLedger.request(1 + i % 997));
      }
      Latencies lat = new Latencies(size.timedOps());
      phases.timing(true);
      long start = System.nanoTime();
      for (int i = 0; i < size.timedOps(); i++) {
        TransferRequest request = BenchLedger.request(1 + i % 997);
        long t0 = System.nanoTime();
        postNew(service, request);
        lat.add(System.nanoTime() - t0);
      }
      long elapsed = System.nanoTime() - start;
      phases.timing(false);
      ledger.verify("case 1", size.warmupOps() + size.timedOps());
      return new Round(size.timedOps(), elapsed, lat);
    }
  }

  static TransferOutcome.Posted postNew(TransferService service, TransferRequest request) {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferOutcome outcome = service.submit(TestActors.TELLER, key, request);
    if (!(outcome instanceof TransferOutcome.Posted posted) || posted.replayed()) {
      throw new BenchFailure("a new key was not freshly posted: " + outcome);
    }
    return posted;
  }

  /** Where the time of one floor posting goes. */
  static final class FloorPhases {
    final Latencies statements = new Latencies(1024);
    final Latencies commit = new Latencies(1024);
    final Latencies sync = new Latencies(1024);
  }

  /**
   * Case 2, one round: a fresh file migrated by the production code, then closed and written with a
   * single plain JDBC connection on the same URL. Per posting the same rows as case 1 writes:
   * insert the key row (the claim), debit, credit, take the next reference from the reference
   * counter row (update and read it: references stay gapless, as in the service), insert the
   * transfer, two journal rows, mark the key row posted with its business day (the schema requires
   * a posted record to name its transfer), commit, {@code CHECKPOINT SYNC}. It reads nothing the
   * service reads to decide (user, limits, balances): it is the floor of the writes and the sync.
   */
  static Round floorRound(Path workDir, BenchSize size, FloorPhases phases) {
    try (BenchLedger ledger = BenchLedger.create(workDir, "case2")) {
      ledger.closeDatabase();
      try (Connection c =
          DriverManager.getConnection(
              ledger.settings.jdbcUrl(), ledger.settings.user(), ledger.settings.password())) {
        c.setAutoCommit(false);
        Floor floor = new Floor(c);
        for (int i = 0; i < size.warmupOps(); i++) {
          floor.post(1 + i % 997, null);
        }
        Latencies lat = new Latencies(size.timedOps());
        long start = System.nanoTime();
        for (int i = 0; i < size.timedOps(); i++) {
          long t0 = System.nanoTime();
          floor.post(1 + i % 997, phases);
          lat.add(System.nanoTime() - t0);
        }
        long elapsed = System.nanoTime() - start;
        floor.close();
        List<String> problems =
            new java.util.ArrayList<>(
                BenchLedger.violations(c, (long) size.warmupOps() + size.timedOps()));
        // The floor takes its references from the counter row, as the service does: gapless.
        try (Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "select (select last_value from reference_counter where name = 'transfer'),"
                        + " (select count(*) from transfer)")) {
          rs.next();
          if (rs.getLong(1) != rs.getLong(2)) {
            problems.add("reference counter at " + rs.getLong(1) + " after " + rs.getLong(2));
          }
        }
        c.rollback();
        if (!problems.isEmpty()) {
          throw new BenchFailure("case 2: " + String.join("; ", problems));
        }
        return new Round(size.timedOps(), elapsed, lat);
      } catch (SQLException e) {
        throw new IllegalStateException("case 2 failed", e);
      }
    }
  }

  /** The plain JDBC posting, statements prepared once. */
  private static final class Floor {
    private final Connection c;
    private final long fromId;
    private final long toId;
    private final PreparedStatement insertKey;
    private final PreparedStatement updateBalance;
    private final PreparedStatement insertTransfer;
    private final PreparedStatement insertJournal;
    private final PreparedStatement markPosted;
    private final PreparedStatement nextReference;
    private final PreparedStatement lastReference;
    private final Statement sync;

    Floor(Connection c) throws SQLException {
      this.c = c;
      this.fromId = BenchLedger.accountId(c, BenchLedger.FROM);
      this.toId = BenchLedger.accountId(c, BenchLedger.TO);
      insertKey =
          c.prepareStatement(
              "insert into idempotency_record (teller_id, idempotency_key, fingerprint, outcome,"
                  + " request_canonical, decided_at) values ('anna', ?, ?, 'REJECTED', ?, ?)",
              new String[] {"ID"});
      updateBalance =
          c.prepareStatement(
              "update account set balance_minor = balance_minor + ?, version = version + 1"
                  + " where id = ?");
      insertTransfer =
          c.prepareStatement(
              "insert into transfer (reference, teller_id, idempotency_key, from_account_id,"
                  + " to_account_id, amount_minor, currency, memo, posted_at, business_date)"
                  + " values (?, 'anna', ?, ?, ?, ?, 'EUR', ?, ?,"
                  + " (select business_date from business_day where state = 'OPEN'))",
              new String[] {"ID"});
      insertJournal =
          c.prepareStatement(
              "insert into journal_entry (transfer_id, account_id, amount_minor, currency,"
                  + " posted_at) values (?, ?, ?, 'EUR', ?)");
      markPosted =
          c.prepareStatement(
              "update idempotency_record set outcome = 'POSTED', transfer_id = ?, business_date ="
                  + " (select business_date from business_day where state = 'OPEN') where id = ?");
      nextReference =
          c.prepareStatement(
              "update reference_counter set last_value = last_value + 1 where name = 'transfer'");
      lastReference =
          c.prepareStatement("select last_value from reference_counter where name = 'transfer'");
      sync = c.createStatement();
    }

    void post(long amount, FloorPhases phases) throws SQLException {
      long t0 = System.nanoTime();
      TransferRequest request = BenchLedger.request(amount);
      UUID key = IdempotencyKey.mint().value();
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      insertKey.setObject(1, key);
      insertKey.setString(2, request.fingerprint());
      insertKey.setString(3, request.canonicalForm());
      insertKey.setObject(4, now);
      insertKey.executeUpdate();
      long keyId = generatedId(insertKey);
      updateBalance.setLong(1, -amount);
      updateBalance.setLong(2, fromId);
      updateBalance.executeUpdate();
      updateBalance.setLong(1, amount);
      updateBalance.setLong(2, toId);
      updateBalance.executeUpdate();
      nextReference.executeUpdate();
      long reference;
      try (ResultSet rs = lastReference.executeQuery()) {
        rs.next();
        reference = rs.getLong(1);
      }
      insertTransfer.setString(1, String.format(Locale.ROOT, "T-%06d", reference));
      insertTransfer.setObject(2, key);
      insertTransfer.setLong(3, fromId);
      insertTransfer.setLong(4, toId);
      insertTransfer.setLong(5, amount);
      insertTransfer.setString(6, request.memoOrEmpty());
      insertTransfer.setObject(7, now);
      insertTransfer.executeUpdate();
      long transferId = generatedId(insertTransfer);
      journal(transferId, fromId, -amount, now);
      journal(transferId, toId, amount, now);
      markPosted.setLong(1, transferId);
      markPosted.setLong(2, keyId);
      markPosted.executeUpdate();
      long t1 = System.nanoTime();
      c.commit();
      long t2 = System.nanoTime();
      sync.execute("CHECKPOINT SYNC");
      long t3 = System.nanoTime();
      if (phases != null) {
        phases.statements.add(t1 - t0);
        phases.commit.add(t2 - t1);
        phases.sync.add(t3 - t2);
      }
    }

    private void journal(long transferId, long accountId, long amount, OffsetDateTime at)
        throws SQLException {
      insertJournal.setLong(1, transferId);
      insertJournal.setLong(2, accountId);
      insertJournal.setLong(3, amount);
      insertJournal.setObject(4, at);
      insertJournal.executeUpdate();
    }

    private static long generatedId(PreparedStatement ps) throws SQLException {
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }

    void close() throws SQLException {
      insertKey.close();
      updateBalance.close();
      insertTransfer.close();
      insertJournal.close();
      markPosted.close();
      nextReference.close();
      lastReference.close();
      sync.close();
    }
  }
}
