package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.LEONIE;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.AuditRows;
import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Approval;
import com.onceteller.domain.ApprovalResult;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.PendingApproval;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits per role (the demo ledger's: a teller EUR 10,000.00 per transfer and 50,000.00 a day) and
 * the supervisor's override: "needs approval" is a stored decision under the key, the approval
 * binds to the key and the request's fingerprint, the next attempt posts once, approver ≠ maker,
 * and two approvals or two attempts at once still give one approval and one posting.
 */
class ApprovalTest extends SharedLedgerTest {

  static final long ABOVE = 1_000_001; // EUR 10,000.01 > 10,000.00 per transfer

  // After the shared ledger of each engine is opened (not once per class: @BeforeAll).
  @org.junit.jupiter.params.BeforeParameterizedClassInvocation
  static void theLedgersOwnLimits() {
    ledger.demoLimits();
    // A supervisor's USD limit low enough for the demo balances to cross it.
    new ConfigurationService(ledger.database, Clock.systemUTC())
        .setLimit(
            TestActors.ADMINISTRATOR,
            com.onceteller.domain.Role.SUPERVISOR,
            "USD",
            100_000,
            500_000);
  }

  static ApprovalService approvals() {
    return new ApprovalService(service, new IdentityService(ledger.database, Clock.systemUTC()));
  }

  private static TransferOutcome.NeedsApproval needsApproval(TransferOutcome o) {
    assertThat(o).isInstanceOf(TransferOutcome.NeedsApproval.class);
    return (TransferOutcome.NeedsApproval) o;
  }

  @Test
  void aboveTheTellersLimitTheAnswerIsAStoredNeedsApprovalAndNothingMoves() {
    Map<String, Long> before = probe.balances();
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r = eur(CAFE, AMELIE, ABOVE);
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();

    var first = needsApproval(service.submit(TestActors.TELLER, key, r));
    var again = needsApproval(service.submit(TestActors.TELLER, key, r));

    assertThat(first.replayed()).isFalse();
    assertThat(first.why()).contains("EUR 10,000.01 is above the teller limit of EUR 10,000.00");
    assertThat(first.approval()).isNull();
    assertThat(first.retryable()).isFalse();
    assertThat(again.replayed()).isTrue();
    assertThat(again.why()).isEqualTo(first.why());
    assertThat(again.decidedAt()).isEqualTo(first.decidedAt());
    assertThat(probe.balances()).isEqualTo(before);
    assertThat(probe.transfers(key)).isZero();
    assertThat(ledger.queries.statusOf(TestActors.TELLER, key).state())
        .isEqualTo(KeyStatus.State.AWAITING_APPROVAL);
    assertThat(audit.since(mark, AuditEventType.APPROVAL_REQUIRED))
        .singleElement()
        .satisfies(row -> assertThat(row.userId()).isEqualTo("anna"));
    // A supervisor's own limit is higher: the same amount posts for sara.
    assertThat(
            service.submit(TestActors.SUPERVISOR, IdempotencyKey.mint(), eur(MEHMET, JONAS, ABOVE)))
        .isInstanceOf(TransferOutcome.Posted.class);
  }

  @Test
  void theDailyLimitCountsTheTellersPostingsOfTheBusinessDay(@TempDir Path own) {
    try (TestLedger l = TestLedger.open(own)) {
      l.demoLimits();
      TransferService s = new TransferService(l.database);
      // Ben posts 4 × 9,999.00 and then 4,000.00 more: 39,996 + 4,000 < 50,000.
      for (int from : new int[] {CAFE, CAFE, CAFE, MEHMET}) {
        assertThat(s.submit(TestActors.TELLER_2, IdempotencyKey.mint(), eur(from, JONAS, 999_900)))
            .isInstanceOf(TransferOutcome.Posted.class);
      }
      assertThat(s.submit(TestActors.TELLER_2, IdempotencyKey.mint(), eur(MEHMET, JONAS, 400_000)))
          .isInstanceOf(TransferOutcome.Posted.class);
      // 43,996.00 + 9,000.00 > 50,000.00: needs approval although 9,000 is under the per-transfer.
      var n =
          needsApproval(
              s.submit(TestActors.TELLER_2, IdempotencyKey.mint(), eur(AMELIE, JONAS, 900_000)));
      assertThat(n.why()).contains("would come to EUR 52,996.00, above the daily limit");
      // Anna's day is her own.
      assertThat(s.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, JONAS, 900_000)))
          .isInstanceOf(TransferOutcome.Posted.class);
    }
  }

  @Test
  void approvedOverTheShoulderTheNextAttemptPostsOnceWithTheApprovalRecorded() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r = eur(CAFE, AMELIE, ABOVE);
    needsApproval(service.submit(TestActors.TELLER, key, r));
    long cafe = probe.balances().get(TestLedger.number(CAFE));
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();

    ApprovalResult ok =
        approvals()
            .approveOverTheShoulder(
                "sara",
                TestActors.password(TestActors.SUPERVISOR),
                "desk-of-anna",
                "anna",
                key,
                r.fingerprint(),
                "Known customer, signed form on file");

    assertThat(ok.replayed()).isFalse();
    assertThat(ok.approval().approverId()).isEqualTo("sara");
    assertThat(ok.approval().approverWorkstation()).isEqualTo("desk-of-anna");
    assertThat(ok.approval().mode()).isEqualTo(Approval.Mode.OVER_THE_SHOULDER);
    assertThat(needsApproval(service.submit(TestActors.TELLER_2, key, r)).approval())
        .as("ben's key of the same value is not approved")
        .isNull();

    var posted = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, r);
    assertThat(posted.replayed()).isFalse();
    assertThat(service.submit(TestActors.TELLER, key, r))
        .isEqualTo(new TransferOutcome.Posted(key, posted.reference(), r, posted.postedAt(), true));
    assertThat(probe.transfers(key)).isEqualTo(1);
    assertThat(probe.balances().get(TestLedger.number(CAFE))).isEqualTo(cafe - ABOVE);
    assertThat(
            probe.count(
                "select count(*) from transfer t join approval a on a.id = t.approval_id"
                    + " where t.idempotency_key = ? and a.approver_id = 'sara'"
                    + " and t.teller_id = 'anna'",
                key.value()))
        .isEqualTo(1);
    assertThat(audit.since(mark))
        .extracting(AuditRows.Row::type, AuditRows.Row::userId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AuditEventType.OVERRIDE_AUTHENTICATED, "sara"),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.APPROVED, "sara"),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.APPROVAL_REQUIRED, "ben"));
  }

  @Test
  void fromTheQueueASupervisorSeesWhoWhatAndWhyAndApprovesOnTheirOwnDesk() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r = eur(CAFE, JONAS, ABOVE + 1);
    needsApproval(service.submit(TestActors.TELLER_2, key, r));

    List<PendingApproval> queue = approvals().queue(TestActors.SUPERVISOR);
    PendingApproval p = queue.stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
    assertThat(p.tellerId()).isEqualTo("ben");
    assertThat(p.request()).isEqualTo(r);
    assertThat(p.why()).contains("per transfer");

    approvals()
        .approve(
            TestActors.SUPERVISOR, "ben", key, p.fingerprint(), "Checked ID", Approval.Mode.QUEUE);
    assertThat(approvals().queue(TestActors.SUPERVISOR))
        .extracting(PendingApproval::key)
        .doesNotContain(key);
    assertThat(service.submit(TestActors.TELLER_2, key, r))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, x -> assertThat(x.replayed()).isFalse());
  }

  @Test
  void nobodyButAnotherSupervisorMayApproveAndEachRefusalIsAudited() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r = eur(CAFE, AMELIE, ABOVE);
    TransferRequest sarasOwn = Requests.usd(Requests.GRACE_USD, Requests.DANIEL_USD, 200_000);
    needsApproval(service.submit(TestActors.SUPERVISOR, key, sarasOwn));
    IdempotencyKey annas = IdempotencyKey.mint();
    needsApproval(service.submit(TestActors.TELLER, annas, r));
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();

    for (Actor a :
        new Actor[] {TestActors.TELLER_2, TestActors.AUDITOR, TestActors.ADMINISTRATOR}) {
      assertThatThrownBy(
              () ->
                  approvals().approve(a, "anna", annas, r.fingerprint(), "ok", Approval.Mode.QUEUE))
          .isInstanceOfSatisfying(
              ServiceRefusal.class,
              e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED));
    }
    // Sara's own request above her limit: she may not approve it herself.
    assertThatThrownBy(
            () ->
                approvals()
                    .approve(
                        TestActors.SUPERVISOR,
                        "sara",
                        key,
                        sarasOwn.fingerprint(),
                        "mine",
                        Approval.Mode.QUEUE))
        .isInstanceOfSatisfying(
            ServiceRefusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED);
              assertThat(e.getMessage()).contains("never approves their own");
            });
    // A wrong supervisor password over the shoulder.
    assertThatThrownBy(
            () ->
                approvals()
                    .approveOverTheShoulder(
                        "sara",
                        "wrong-pass-123".toCharArray(),
                        "d",
                        "anna",
                        annas,
                        r.fingerprint(),
                        "ok"))
        .isInstanceOf(ServiceRefusal.class);
    assertThat(audit.since(mark))
        .extracting(AuditRows.Row::type, AuditRows.Row::userId, AuditRows.Row::success)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AuditEventType.ACCESS_DENIED, "ben", false),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.ACCESS_DENIED, "omar", false),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.ACCESS_DENIED, "ida", false),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.ACCESS_DENIED, "sara", false),
            org.assertj.core.groups.Tuple.tuple(
                AuditEventType.OVERRIDE_AUTHENTICATED, "sara", false));
    assertThat(needsApproval(service.submit(TestActors.TELLER, annas, r)).approval()).isNull();
  }

  @Test
  void anApprovalIsForTheRequestShownAndAChangedRequestIsAnotherKeyNeedingItsOwn() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r = eur(CAFE, AMELIE, ABOVE);
    needsApproval(service.submit(TestActors.TELLER, key, r));
    TransferRequest changed = r.withAmount(ABOVE + 50_000);

    assertThatThrownBy(
            () ->
                approvals()
                    .approve(
                        TestActors.SUPERVISOR,
                        "anna",
                        key,
                        changed.fingerprint(),
                        "ok",
                        Approval.Mode.QUEUE))
        .isInstanceOfSatisfying(
            ServiceRefusal.class,
            e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.CONFLICT));
    approvals()
        .approve(TestActors.SUPERVISOR, "anna", key, r.fingerprint(), "ok", Approval.Mode.QUEUE);

    // The changed request under the approved key: refused, nothing posted.
    assertThat(service.submit(TestActors.TELLER, key, changed))
        .isInstanceOf(TransferOutcome.KeyReused.class);
    // Under a new key it needs a new approval.
    assertThat(
            needsApproval(service.submit(TestActors.TELLER, IdempotencyKey.mint(), changed))
                .approval())
        .isNull();
    assertThat(probe.transfers(key)).isZero();
  }

  @Test
  void aDeclineVoidsTheKeySoItCanNeverPost() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r = eur(CAFE, AMELIE, ABOVE);
    needsApproval(service.submit(TestActors.TELLER, key, r));
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();

    TransferOutcome declined =
        approvals().decline(TestActors.SUPERVISOR, "anna", key, "Customer not identified");

    assertThat(declined)
        .isInstanceOfSatisfying(
            TransferOutcome.Voided.class, v -> assertThat(v.voidedBy()).isEqualTo("sara"));
    assertThat(service.submit(TestActors.TELLER, key, r))
        .isInstanceOf(TransferOutcome.Voided.class);
    assertThatThrownBy(
            () ->
                approvals()
                    .approve(
                        TestActors.SUPERVISOR,
                        "anna",
                        key,
                        r.fingerprint(),
                        "late",
                        Approval.Mode.QUEUE))
        .isInstanceOf(ServiceRefusal.class);
    assertThat(audit.since(mark, AuditEventType.DECLINED)).hasSize(1);
    assertThat(probe.transfers(key)).isZero();
  }

  @Test
  void anApprovedRequestMeetingInsufficientFundsIsAStoredRejection() {
    IdempotencyKey key = IdempotencyKey.mint();
    // Leonie has EUR 125.00; the request is above the limit and above her funds: the rejection
    // comes first, no supervisor is asked.
    assertThat(service.submit(TestActors.TELLER, key, eur(LEONIE, AMELIE, ABOVE)))
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            x -> assertThat(x.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS));
  }

  @Test
  void theSameApprovalGivenTwiceAtOnceIsStoredOnceAndTwoAttemptsAtOncePostOnce() throws Exception {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r = eur(CAFE, AMELIE, ABOVE);
    needsApproval(service.submit(TestActors.TELLER, key, r));
    TransferService other = new TransferService(ledger.database);
    ApprovalService a1 = approvals();
    ApprovalService a2 =
        new ApprovalService(other, new IdentityService(ledger.database, Clock.systemUTC()));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier go = new CyclicBarrier(2);
      Callable<Object> approveA =
          () -> {
            go.await();
            return attempt(
                () ->
                    a1.approve(
                        TestActors.SUPERVISOR,
                        "anna",
                        key,
                        r.fingerprint(),
                        "one",
                        Approval.Mode.QUEUE));
          };
      Callable<Object> approveB =
          () -> {
            go.await();
            return attempt(
                () ->
                    a2.approve(
                        TestActors.SUPERVISOR,
                        "anna",
                        key,
                        r.fingerprint(),
                        "one",
                        Approval.Mode.QUEUE));
          };
      Future<Object> fa = pool.submit(approveA);
      Future<Object> fb = pool.submit(approveB);
      List<Object> answers = List.of(fa.get(), fb.get());
      assertThat(answers)
          .as("each answer is the approval (one fresh, one replayed) or a 'look again' conflict")
          .allSatisfy(
              x -> assertThat(x).isInstanceOfAny(ApprovalResult.class, ServiceRefusal.class));
      assertThat(answers)
          .filteredOn(x -> x instanceof ApprovalResult ar && !ar.replayed())
          .hasSize(1);
      assertThat(
              probe.count("select count(*) from approval where idempotency_key = ?", key.value()))
          .isEqualTo(1);

      CyclicBarrier go2 = new CyclicBarrier(2);
      Future<TransferOutcome> s1 =
          pool.submit(
              () -> {
                go2.await();
                return service.submit(TestActors.TELLER, key, r);
              });
      Future<TransferOutcome> s2 =
          pool.submit(
              () -> {
                go2.await();
                return other.submit(TestActors.TELLER, key, r);
              });
      List<TransferOutcome> outcomes = List.of(s1.get(), s2.get());
      assertThat(outcomes)
          .filteredOn(o -> o instanceof TransferOutcome.Posted p && !p.replayed())
          .hasSize(1);
      assertThat(outcomes)
          .allSatisfy(
              o ->
                  assertThat(o)
                      .isInstanceOfAny(
                          TransferOutcome.Posted.class, TransferOutcome.InProgress.class));
      assertThat(service.submit(TestActors.TELLER, key, r))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
      assertThat(probe.transfers(key)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Object attempt(Callable<Object> c) {
    try {
      return c.call();
    } catch (ServiceRefusal e) {
      return e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
