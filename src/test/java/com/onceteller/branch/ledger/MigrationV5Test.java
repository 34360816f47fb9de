package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger written before V5 (schema V4, references from the cached sequence) opens, migrates and
 * goes on: old keys replay, voids can be stored, and the reference counter starts where neither the
 * posted references nor the old sequence could repeat a number a teller may have seen.
 */
class MigrationV5Test {

  @TempDir Path dir;

  static final String FROM = TestLedger.number(0);
  static final String TO = TestLedger.number(1);
  static final OffsetDateTime T0 = OffsetDateTime.of(2025, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);

  record OldKey(IdempotencyKey key, TransferRequest request, String reference) {}

  /**
   * Writes a V4 ledger the way the old service did: {@code postings} transfers numbered T-000001…,
   * one rejected key, and the sequence left at {@code sequenceNext} (what it would hand out next;
   * after a kill H2 brought it back up to 32 ahead).
   */
  private List<OldKey> v4Ledger(Path file, int postings, long sequenceNext) throws SQLException {
    String url = DatabaseSettings.h2File(file).jdbcUrl();
    Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/migration", "classpath:db/vendor/h2")
        .target("4")
        .load()
        .migrate();
    List<OldKey> keys = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        for (String number : new String[] {FROM, TO}) {
          st.executeUpdate(
              "insert into account (number, holder, currency, balance_minor, status, version,"
                  + " opened_at, opening_balance_minor) values ('"
                  + number
                  + "', 'Holder', 'EUR', 1000000, 'OPEN', 0, timestamp with time zone"
                  + " '2025-01-01 00:00:00+00', 1000000)");
        }
      }
      long moved = 0;
      for (int i = 1; i <= postings; i++) {
        TransferRequest r = new TransferRequest(FROM, TO, 100L * i, "EUR", "Old " + i);
        String reference = String.format("T-%06d", i);
        IdempotencyKey key = IdempotencyKey.mint();
        long transferId;
        try (PreparedStatement ps =
            c.prepareStatement(
                "insert into transfer (reference, idempotency_key, from_account_id, to_account_id,"
                    + " amount_minor, currency, memo, posted_at) values (?, ?, (select id from"
                    + " account where number = ?), (select id from account where number = ?), ?,"
                    + " 'EUR', ?, ?)",
                new String[] {"ID"})) {
          ps.setString(1, reference);
          ps.setObject(2, key.value());
          ps.setString(3, FROM);
          ps.setString(4, TO);
          ps.setLong(5, r.amountMinor());
          ps.setString(6, r.memo());
          ps.setObject(7, T0.plusMinutes(i));
          ps.executeUpdate();
          try (ResultSet rs = ps.getGeneratedKeys()) {
            rs.next();
            transferId = rs.getLong(1);
          }
        }
        for (String side : new String[] {FROM, TO}) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into journal_entry (transfer_id, account_id, amount_minor, currency,"
                      + " posted_at) values (?, (select id from account where number = ?), ?,"
                      + " 'EUR', ?)")) {
            ps.setLong(1, transferId);
            ps.setString(2, side);
            ps.setLong(3, side.equals(FROM) ? -r.amountMinor() : r.amountMinor());
            ps.setObject(4, T0.plusMinutes(i));
            ps.executeUpdate();
          }
        }
        record(c, key, r, "POSTED", null, transferId, i);
        moved += r.amountMinor();
        keys.add(new OldKey(key, r, reference));
      }
      TransferRequest refused = new TransferRequest(FROM, TO, 99_000_000, "EUR", "Too much");
      IdempotencyKey rejectedKey = IdempotencyKey.mint();
      record(c, rejectedKey, refused, "REJECTED", "INSUFFICIENT_FUNDS", null, postings + 1);
      keys.add(new OldKey(rejectedKey, refused, null));
      try (Statement st = c.createStatement()) {
        st.executeUpdate(
            "update account set balance_minor = balance_minor - "
                + moved
                + " where number = '"
                + FROM
                + "'");
        st.executeUpdate(
            "update account set balance_minor = balance_minor + "
                + moved
                + " where number = '"
                + TO
                + "'");
        st.execute("alter sequence transfer_reference_seq restart with " + sequenceNext);
      }
      c.commit();
      try (Statement st = c.createStatement()) {
        st.execute("SHUTDOWN");
      }
    }
    return keys;
  }

  private static void record(
      Connection c,
      IdempotencyKey key,
      TransferRequest r,
      String outcome,
      String reason,
      Long transferId,
      int minute)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into idempotency_record (idempotency_key, fingerprint, outcome,"
                + " rejection_reason, transfer_id, request_canonical, decided_at)"
                + " values (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setObject(1, key.value());
      ps.setString(2, r.fingerprint());
      ps.setString(3, outcome);
      ps.setString(4, reason);
      ps.setObject(5, transferId);
      ps.setString(6, r.canonicalForm());
      ps.setObject(7, T0.plusMinutes(minute));
      ps.executeUpdate();
    }
  }

  private static long counter(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("select last_value from reference_counter where name = 'transfer'")) {
      rs.next();
      long v = rs.getLong(1);
      c.rollback();
      return v;
    }
  }

  private static List<String> appliedVersions(Database db) throws SQLException {
    List<String> versions = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select \"version\" from \"flyway_schema_history\" where \"success\" and \"version\" is not null"
                    + " order by \"installed_rank\"")) {
      while (rs.next()) {
        versions.add(rs.getString(1));
      }
      c.rollback();
    }
    return versions;
  }

  @Test
  void aV4LedgerMigratesAndItsCounterStartsAboveTheSequenceThatHadJumpedAhead() throws Exception {
    Path file = dir.resolve("ledger.mv.db");
    // Five postings, then a kill: the cached sequence came back at 38 (T-000006…T-000037 unused).
    List<OldKey> old = v4Ledger(file, 5, 38);

    try (Database db = Database.open(DatabaseSettings.h2File(file))) {
      assertThat(appliedVersions(db)).startsWith("1", "2", "3", "4", "4.1", "5", "6", "7");
      DemoUsers.installIfNoUsers(db);
      assertThat(counter(db)).isEqualTo(37);
      TransferService service = new TransferService(db);
      LedgerQueries queries = new LedgerQueries(db);

      for (OldKey k : old) {
        TransferOutcome again = service.submit(TestActors.TELLER, k.key(), k.request());
        if (k.reference() == null) {
          assertThat(again).isInstanceOf(TransferOutcome.Rejected.class);
        } else {
          assertThat(again)
              .isInstanceOfSatisfying(
                  TransferOutcome.Posted.class,
                  p -> {
                    assertThat(p.replayed()).isTrue();
                    assertThat(p.reference()).isEqualTo(k.reference());
                  });
          assertThat(queries.statusOf(TestActors.TELLER, k.key()).state())
              .isEqualTo(KeyStatus.State.POSTED);
        }
      }
      // One last jump at the upgrade, never again: no number a teller may have seen is reused.
      TransferRequest fresh = new TransferRequest(FROM, TO, 1_234, "EUR", "New");
      assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), fresh))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.reference()).isEqualTo("T-000038"));
      assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), fresh.withAmount(1_235)))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.reference()).isEqualTo("T-000039"));
      // The old check constraint allowed only POSTED and REJECTED; V5 replaced it.
      assertThat(service.abandon(TestActors.TELLER, IdempotencyKey.mint(), fresh, "Upgrade test"))
          .isInstanceOf(TransferOutcome.Voided.class);
      try (Connection c = db.dataSource().getConnection()) {
        assertThat(LedgerReconciler.check(c)).isEmpty();
        c.rollback();
      }
    }
    // And it opens again (reconciled before anything is written).
    try (Database db = Database.open(DatabaseSettings.h2File(file))) {
      assertThat(counter(db)).isEqualTo(39);
    }
  }

  @Test
  void whenPostedReferencesAreAboveTheSequenceTheCounterStartsAboveTheReferences()
      throws Exception {
    Path file = dir.resolve("ledger.mv.db");
    v4Ledger(file, 12, 3);

    try (Database db = Database.open(DatabaseSettings.h2File(file))) {
      DemoUsers.installIfNoUsers(db);
      assertThat(counter(db)).isEqualTo(12);
      assertThat(
              new TransferService(db)
                  .submit(
                      TestActors.TELLER,
                      IdempotencyKey.mint(),
                      new TransferRequest(FROM, TO, 5, "EUR", "Next")))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.reference()).isEqualTo("T-000013"));
    }
  }
}
