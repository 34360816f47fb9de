package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour 1: the key is claimed by a unique constraint in the transaction that decides. */
class AtomicClaimTest extends SharedLedgerTest {

  /** Fails the attempt (a RuntimeException, not a crash) right after the claim row is flushed. */
  private static final class FailAfterClaim implements ServiceObserver {
    boolean claimed;

    @Override
    public void keyClaimed(IdempotencyKey key) {
      claimed = true;
      throw new IllegalStateException("disk full (simulated)");
    }
  }

  @Test
  void aClaimWhoseTransactionRollsBackLeavesNoRecordAndTheKeyCanThenExecute() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 1_500);
    Map<String, Long> before = probe.balances();
    FailAfterClaim failing = new FailAfterClaim();

    TransferOutcome failed =
        new TransferService(ledger.database, Clock.systemUTC(), failing)
            .submit(TestActors.TELLER, key, request);

    assertThat(failing.claimed).as("the claim row was written before the failure").isTrue();
    assertThat(failed).isInstanceOf(TransferOutcome.NotExecuted.class);
    assertThat(failed.retryable()).isTrue();
    assertThat(probe.records(key)).isZero();
    assertThat(probe.transfers(key)).isZero();
    assertThat(probe.balances()).isEqualTo(before);

    TransferOutcome retried =
        new TransferService(ledger.database).submit(TestActors.TELLER, key, request);

    assertThat(retried)
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isFalse());
    assertThat(probe.records(key)).isEqualTo(1);
    assertThat(probe.transfers(key)).isEqualTo(1);
    assertThat(ledger.balance(AMELIE)).isEqualTo(before.get(TestLedger.number(AMELIE)) - 1_500);
  }

  @Test
  void theClaimRecordAndThePostedTransferShareTheKeyAndAreCommittedTogether() {
    IdempotencyKey key = IdempotencyKey.mint();
    var posted =
        (TransferOutcome.Posted)
            new TransferService(ledger.database)
                .submit(TestActors.TELLER, key, eur(AMELIE, JONAS, 2_000));

    assertThat(
            probe.count(
                "select count(*) from idempotency_record r join transfer t on r.transfer_id = t.id"
                    + " where r.idempotency_key = ? and t.idempotency_key = ? and t.reference = ?"
                    + " and r.outcome = 'POSTED'",
                key.value(),
                key.value(),
                posted.reference()))
        .isEqualTo(1);
    assertThat(probe.journalEntries(key)).isEqualTo(2);
  }

  @Test
  void theDatabaseItselfRefusesASecondClaimOrASecondTransferForAKey() {
    IdempotencyKey key = IdempotencyKey.mint();
    new TransferService(ledger.database).submit(TestActors.TELLER, key, eur(AMELIE, JONAS, 300));

    // Not check-then-insert in Java: the unique constraints are what make the claim atomic.
    assertThatThrownBy(
            () ->
                insert(
                    "insert into idempotency_record (teller_id, idempotency_key, fingerprint,"
                        + " outcome, decided_at) values ('anna', ?, ?, 'REJECTED', ?)",
                    key.value(),
                    "0".repeat(64),
                    Instant.now()))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
    long amelie = probe.count("select id from account where number = ?", TestLedger.number(0));
    long jonas = probe.count("select id from account where number = ?", TestLedger.number(1));
    assertThatThrownBy(
            () ->
                insert(
                    "insert into transfer (reference, teller_id, idempotency_key,"
                        + " from_account_id, to_account_id, amount_minor, currency, memo,"
                        + " posted_at, business_date) values ('T-X', 'anna', ?, ?, ?, 1, 'EUR',"
                        + " '', ?, (select business_date from business_day where state = 'OPEN'))",
                    key.value(),
                    amelie,
                    jonas,
                    Instant.now()))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
    assertThat(probe.transfers(key)).isEqualTo(1);
  }

  private static void insert(String sql, Object... args) throws SQLException {
    try (Connection c = ledger.database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      try {
        for (int i = 0; i < args.length; i++) {
          Object arg = args[i];
          // PostgreSQL's driver binds OffsetDateTime, not Instant (H2 takes either).
          if (arg instanceof java.time.Instant at) {
            arg = at.atOffset(java.time.ZoneOffset.UTC);
          }
          ps.setObject(i + 1, arg);
        }
        ps.executeUpdate();
        c.commit();
      } finally {
        c.rollback();
      }
    }
  }
}
