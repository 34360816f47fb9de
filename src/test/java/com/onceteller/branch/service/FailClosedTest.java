package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour 9: fail closed. "Not executed, safe to retry" only when the transaction rolled back;
 * "outcome unknown" when the commit itself failed; never a success that is not committed.
 */
class FailClosedTest {

  @TempDir Path dir;

  /** Kills the H2 engine under the service, as a full disk or a yanked USB drive would. */
  static void killEngine(TestLedger ledger) {
    Connection c;
    try {
      c = ledger.database.dataSource().getConnection();
      try (Statement st = c.createStatement()) {
        st.execute("SHUTDOWN IMMEDIATELY");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    try {
      c.close();
    } catch (SQLException expected) {
      // The pool's rollback-on-return fails: the engine is gone, which is the point.
    }
  }

  @Test
  void aClosedLedgerAnswersNotExecutedAndNeverPosted() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 1_000);
    Map<String, Long> before;
    TestLedger ledger = TestLedger.open(dir);
    before = new LedgerProbe(ledger).balances();
    TransferService service = new TransferService(ledger.database);
    ledger.close();

    TransferOutcome outcome = service.submit(TestActors.TELLER, key, request);

    assertThat(outcome).isInstanceOf(TransferOutcome.NotExecuted.class);
    assertThat(outcome.retryable()).isTrue();
    try (TestLedger reopened = TestLedger.open(dir)) {
      LedgerProbe probe = new LedgerProbe(reopened);
      assertThat(probe.allTransfers()).isZero();
      assertThat(probe.balances()).isEqualTo(before);
      assertThat(new TransferService(reopened.database).submit(TestActors.TELLER, key, request))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isFalse());
    }
  }

  @Test
  void aDatabaseThatDiedUnderTheServiceAnswersNotExecutedOrUnknownNeverPosted() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 2_000);
    TestLedger ledger = TestLedger.open(dir);
    TransferService service = new TransferService(ledger.database);
    killEngine(ledger);

    TransferOutcome outcome = service.submit(TestActors.TELLER, key, request);

    assertThat(outcome)
        .isInstanceOfAny(TransferOutcome.NotExecuted.class, TransferOutcome.OutcomeUnknown.class);
    assertThat(outcome.retryable()).isTrue();
    ledger.close();
    try (TestLedger reopened = TestLedger.open(dir)) {
      assertThat(new LedgerProbe(reopened).allTransfers()).isZero();
    }
  }

  @Test
  void aFailureBeforeTheCommitAnswersNotExecutedBecauseItRolledBack() {
    try (TestLedger ledger = TestLedger.open(dir)) {
      LedgerProbe probe = new LedgerProbe(ledger);
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest request = eur(CAFE, JONAS, 3_000);
      Map<String, Long> before = probe.balances();
      ServiceObserver failsBeforeCommit =
          new ServiceObserver() {
            @Override
            public void postingsWritten(IdempotencyKey k) {
              throw new IllegalStateException("connection reset (simulated)");
            }
          };

      TransferOutcome outcome =
          new TransferService(ledger.database, Clock.systemUTC(), failsBeforeCommit)
              .submit(TestActors.TELLER, key, request);

      assertThat(outcome).isInstanceOf(TransferOutcome.NotExecuted.class);
      assertThat(probe.records(key)).isZero();
      assertThat(probe.balances()).isEqualTo(before);
      assertThat(new TransferService(ledger.database).submit(TestActors.TELLER, key, request))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isFalse());
    }
  }

  @Test
  void aFailureAtCommitAnswersOutcomeUnknownAndARetryWithTheSameKeyTells() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, CAFE, 4_000);
    TestLedger ledger = TestLedger.open(dir);
    Map<String, Long> before = new LedgerProbe(ledger).balances();
    ServiceObserver engineDiesBeforeCommit =
        new ServiceObserver() {
          @Override
          public void postingsWritten(IdempotencyKey k) {
            killEngine(ledger);
          }
        };

    TransferOutcome outcome =
        new TransferService(ledger.database, Clock.systemUTC(), engineDiesBeforeCommit)
            .submit(TestActors.TELLER, key, request);

    assertThat(outcome).isInstanceOf(TransferOutcome.OutcomeUnknown.class);
    assertThat(outcome.retryable()).isTrue();
    ledger.close();
    try (TestLedger reopened = TestLedger.open(dir)) {
      LedgerProbe probe = new LedgerProbe(reopened);
      assertThat(probe.tornKeys()).isZero();
      TransferService service = new TransferService(reopened.database);
      TransferOutcome retry = service.submit(TestActors.TELLER, key, request);
      assertThat(retry).isInstanceOf(TransferOutcome.Posted.class);
      assertThat(service.submit(TestActors.TELLER, key, request))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
      assertThat(probe.transfers(key)).isEqualTo(1);
      assertThat(reopened.balance(AMELIE)).isEqualTo(before.get(TestLedger.number(AMELIE)) - 4_000);
    }
  }
}
