package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.AuditRows;
import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.Approval;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.Reversals;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.domain.TransferSummary;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A reversal is a new, linked transfer the other way under its own key, at most once per original
 * (enforced by the database), with a reason, and a supervisor when the rules ask for one. Never an
 * edit: the original stays as it was.
 */
class ReversalTest extends SharedLedgerTest {

  private static TransferOutcome.Posted post(TransferRequest r) {
    return (TransferOutcome.Posted) service.submit(TestActors.TELLER, IdempotencyKey.mint(), r);
  }

  @Test
  void aReversalMovesTheMoneyBackAsANewLinkedTransferAndBothJournalRowsShowTheLink() {
    Map<String, Long> before = probe.balances();
    var original = post(eur(CAFE, AMELIE, 4_200, "Wrong account"));
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();
    IdempotencyKey key = IdempotencyKey.mint();

    var reversal =
        (TransferOutcome.Posted)
            service.reverse(TestActors.TELLER, key, original.reference(), "Typed the wrong payee");

    assertThat(reversal.replayed()).isFalse();
    assertThat(reversal.request())
        .isEqualTo(eur(AMELIE, CAFE, 4_200, "Reversal of " + original.reference()));
    assertThat(probe.balances()).isEqualTo(before);
    TransferSummary o = ledger.queries.transferByReference(original.reference()).orElseThrow();
    TransferSummary r = ledger.queries.transferByReference(reversal.reference()).orElseThrow();
    assertThat(o.reversedBy()).isEqualTo(reversal.reference());
    assertThat(o.reversalOf()).isNull();
    assertThat(r.reversalOf()).isEqualTo(original.reference());
    assertThat(r.tellerId()).isEqualTo("anna");
    assertThat(
            ledger.queries.journal(java.time.Instant.EPOCH, original.reference(), 10).stream()
                .filter(t -> t.reference().equals(original.reference()))
                .findFirst()
                .orElseThrow()
                .reversedBy())
        .isEqualTo(reversal.reference());
    assertThat(audit.since(mark, AuditEventType.REVERSED))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.affected())
                  .isEqualTo(original.reference() + " by " + reversal.reference());
              assertThat(row.detail()).isEqualTo("Typed the wrong payee");
            });
    // The same reversal form sent again replays; the original is untouched.
    assertThat(
            service.reverse(TestActors.TELLER, key, original.reference(), "Typed the wrong payee"))
        .isEqualTo(
            new TransferOutcome.Posted(
                key, reversal.reference(), reversal.request(), reversal.postedAt(), true));
    assertThat(probe.transfers(key)).isEqualTo(1);
  }

  @Test
  void aSecondReversalOfTheSameOriginalIsAStoredRefusalAndTheDatabaseRefusesItToo()
      throws SQLException {
    var original = post(eur(CAFE, JONAS, 1_000));
    service.reverse(TestActors.TELLER, IdempotencyKey.mint(), original.reference(), "first");
    IdempotencyKey second = IdempotencyKey.mint();

    TransferOutcome o = service.reverse(TestActors.TELLER, second, original.reference(), "again");

    assertThat(o)
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            x -> {
              assertThat(x.reason()).isEqualTo(RejectionReason.ALREADY_REVERSED);
              assertThat(x.message()).contains("already reversed by T-");
            });
    assertThat(service.reverse(TestActors.TELLER, second, original.reference(), "again"))
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class, x -> assertThat(x.replayed()).isTrue());
    try (Connection c = ledger.database.dataSource().getConnection();
        Statement st = c.createStatement()) {
      assertThatThrownBy(
              () ->
                  st.executeUpdate(
                      "insert into transfer (reference, teller_id, idempotency_key,"
                          + " from_account_id, to_account_id, amount_minor, currency, memo,"
                          + " posted_at, business_date, reversal_of, reversal_reason)"
                          + " select 'T-999999', 'anna', "
                          + (engine == TestLedger.Engine.H2 ? "random_uuid()" : "gen_random_uuid()")
                          + ", t.to_account_id,"
                          + " t.from_account_id, t.amount_minor, t.currency, 'x', current_timestamp,"
                          + " (select business_date from business_day where state = 'OPEN'),"
                          + " t.id, 'twice' from transfer t where t.reference = '"
                          + original.reference()
                          + "'"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
      c.rollback();
    }
  }

  @Test
  void twoReversalsOfOneOriginalSentAtOnceFromTwoDesksGiveOneReversal() throws Exception {
    var original = post(eur(MEHMET, AMELIE, 777));
    TransferService other = new TransferService(ledger.database);
    Map<String, Long> before = probe.balances();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        CyclicBarrier go = new CyclicBarrier(2);
        IdempotencyKey k1 = IdempotencyKey.mint();
        IdempotencyKey k2 = IdempotencyKey.mint();
        List<Future<TransferOutcome>> answers = new ArrayList<>();
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return untilDecided(
                      () -> service.reverse(TestActors.TELLER, k1, original.reference(), "a"));
                }));
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return untilDecided(
                      () -> other.reverse(TestActors.TELLER, k2, original.reference(), "b"));
                }));
        List<TransferOutcome> outcomes = new ArrayList<>();
        for (Future<TransferOutcome> f : answers) {
          outcomes.add(f.get());
        }
        assertThat(outcomes)
            .filteredOn(x -> x instanceof TransferOutcome.Posted)
            .hasSizeLessThanOrEqualTo(1);
        assertThat(outcomes)
            .allSatisfy(
                x ->
                    assertThat(x)
                        .isInstanceOfAny(
                            TransferOutcome.Posted.class, TransferOutcome.Rejected.class));
      }
      assertThat(
              probe.count(
                  "select count(*) from transfer r join transfer o on r.reversal_of = o.id"
                      + " where o.reference = ?",
                  original.reference()))
          .isEqualTo(1);
      long moved = 777;
      assertThat(probe.balances().get(TestLedger.number(MEHMET)))
          .isEqualTo(before.get(TestLedger.number(MEHMET)) + moved);
    } finally {
      pool.shutdownNow();
    }
  }

  private static TransferOutcome untilDecided(java.util.function.Supplier<TransferOutcome> call) {
    TransferOutcome o = call.get();
    for (int i = 0; i < 50 && o.retryable(); i++) {
      o = call.get();
    }
    return o;
  }

  @Test
  void aReasonAndAKnownPostingAreRequiredAndAReversalIsNeverReversed() {
    var original = post(eur(CAFE, AMELIE, 300));
    assertThat(service.reverse(TestActors.TELLER, IdempotencyKey.mint(), original.reference(), " "))
        .isInstanceOfSatisfying(
            TransferOutcome.Invalid.class,
            i ->
                assertThat(i.errors())
                    .extracting(FieldError::field)
                    .containsExactly(FieldError.Field.REASON));
    assertThat(service.reverse(TestActors.TELLER, IdempotencyKey.mint(), "T-0000000001", "x"))
        .isInstanceOf(TransferOutcome.Invalid.class);
    assertThat(service.reverse(TestActors.TELLER, IdempotencyKey.mint(), "DROP TABLE", "x"))
        .isInstanceOfSatisfying(
            TransferOutcome.Invalid.class,
            i -> assertThat(i.summary()).contains("is not a reference"));
    var reversal =
        (TransferOutcome.Posted)
            service.reverse(TestActors.TELLER, IdempotencyKey.mint(), original.reference(), "oops");
    assertThat(service.reverse(TestActors.TELLER, IdempotencyKey.mint(), reversal.reference(), "x"))
        .isInstanceOfSatisfying(
            TransferOutcome.Invalid.class,
            i -> assertThat(i.summary()).contains("is itself a reversal"));
  }

  @Test
  void anAuditorMayNotReverseAndATellerReversingAnotherTellersPostingNeedsASupervisor() {
    var bens =
        (TransferOutcome.Posted)
            service.submit(TestActors.TELLER_2, IdempotencyKey.mint(), eur(CAFE, JONAS, 500));
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();
    IdempotencyKey auditors = IdempotencyKey.mint();
    assertThat(service.reverse(TestActors.AUDITOR, auditors, bens.reference(), "x"))
        .isInstanceOfSatisfying(
            TransferOutcome.Invalid.class,
            i ->
                assertThat(i.errors())
                    .extracting(FieldError::field)
                    .containsExactly(FieldError.Field.PERMISSION));
    assertThat(audit.since(mark, AuditEventType.ACCESS_DENIED))
        .singleElement()
        .satisfies(r -> assertThat(r.userId()).isEqualTo("omar"));

    IdempotencyKey key = IdempotencyKey.mint();
    var n =
        (TransferOutcome.NeedsApproval)
            service.reverse(TestActors.TELLER, key, bens.reference(), "customer asked");
    assertThat(n.why()).contains("posted by ben");
    TransferRequest request = n.request();
    new ApprovalService(service, new IdentityService(ledger.database, Clock.systemUTC()))
        .approve(
            TestActors.SUPERVISOR,
            "anna",
            key,
            Reversals.fingerprint(bens.reference(), request),
            "ben is off today",
            Approval.Mode.QUEUE);
    var posted =
        (TransferOutcome.Posted)
            service.reverse(TestActors.TELLER, key, bens.reference(), "customer asked");
    assertThat(ledger.queries.transferByReference(bens.reference()).orElseThrow().reversedBy())
        .isEqualTo(posted.reference());
    // A supervisor reverses another teller's posting without asking anyone.
    var other =
        (TransferOutcome.Posted)
            service.submit(TestActors.TELLER_2, IdempotencyKey.mint(), eur(CAFE, JONAS, 400));
    assertThat(
            service.reverse(TestActors.SUPERVISOR, IdempotencyKey.mint(), other.reference(), "fix"))
        .isInstanceOf(TransferOutcome.Posted.class);
  }

  @Test
  void whenTheLedgerSaysEveryReversalNeedsASupervisorItAsks() {
    var config = new ConfigurationService(ledger.database, Clock.systemUTC());
    var original = post(eur(CAFE, AMELIE, 350));
    config.setReversalRequiresApproval(TestActors.ADMINISTRATOR, true);
    try {
      assertThat(
              service.reverse(TestActors.TELLER, IdempotencyKey.mint(), original.reference(), "x"))
          .isInstanceOfSatisfying(
              TransferOutcome.NeedsApproval.class,
              n -> assertThat(n.why()).contains("Every reversal needs a supervisor"));
    } finally {
      config.setReversalRequiresApproval(TestActors.ADMINISTRATOR, false);
    }
  }
}
