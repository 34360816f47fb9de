package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.BAECKEREI;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.LEONIE;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.FieldError.Field;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Abandoning a transfer fences its key in the ledger: a stored VOIDED decision claimed under the
 * key, so no attempt with it can post afterwards; a key that already has a decision keeps it.
 */
class AbandonTest extends SharedLedgerTest {

  /** Who voids: the teller signed on (the ledger records the actor, not a typed name). */
  static final String BY = TestActors.TELLER.userId();

  static final String WHY = "Customer changed the amount; the transfer is sent again as new.";

  @Test
  void anUnknownKeyIsVoidedAndEveryLaterAttemptWithItGetsTheVoidAndMovesNothing() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 7_700);
    Map<String, Long> before = probe.balances();

    TransferOutcome voided = service.abandon(TestActors.TELLER, key, request, WHY);

    assertThat(voided)
        .isInstanceOfSatisfying(
            TransferOutcome.Voided.class,
            v -> {
              assertThat(v.replayed()).isFalse();
              assertThat(v.voidedBy()).isEqualTo(BY);
              assertThat(v.reason()).isEqualTo(WHY);
              assertThat(v.request()).isEqualTo(request);
              assertThat(v.voidedAt()).isNotNull();
              assertThat(v.retryable()).isFalse();
            });
    var v = (TransferOutcome.Voided) voided;
    assertThat(probe.outcome(key)).isEqualTo("VOIDED");
    assertThat(probe.voidedByAndReason(key)).isEqualTo(BY + " / " + WHY);

    // The retry still in the client's queue, sent after the void: it replays the void.
    assertThat(service.submit(TestActors.TELLER, key, request))
        .isEqualTo(new TransferOutcome.Voided(key, request, v.voidedAt(), BY, WHY, true));
    // The edited form sent under the old key: refused, showing what the key was for.
    assertThat(service.submit(TestActors.TELLER, key, request.withAmount(7_800)))
        .isInstanceOfSatisfying(
            TransferOutcome.KeyReused.class,
            r -> {
              assertThat(r.original()).isEqualTo(request);
              assertThat(r.originalReference()).isNull();
              assertThat(r.retryable()).isFalse();
            });
    assertThat(probe.transfers(key)).isZero();
    assertThat(probe.records(key)).isEqualTo(1);
    assertThat(probe.balances()).isEqualTo(before);
  }

  @Test
  void aVoidThatDidNotKnowTheRequestAnswersEveryRequestWithTheVoid() {
    IdempotencyKey key = IdempotencyKey.mint();

    var voided = (TransferOutcome.Voided) service.abandon(TestActors.TELLER, key, null, WHY);

    assertThat(voided.request()).isNull();
    for (TransferRequest r : new TransferRequest[] {eur(AMELIE, JONAS, 1), eur(CAFE, MEHMET, 2)}) {
      assertThat(service.submit(TestActors.TELLER, key, r))
          .isEqualTo(new TransferOutcome.Voided(key, null, voided.voidedAt(), BY, WHY, true));
    }
    assertThat(probe.transfers(key)).isZero();
  }

  @Test
  void abandoningAPostedKeyIsRefusedByShowingThePostingAndWritesNothing() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, BAECKEREI, 7_700);
    var posted = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, request);
    Map<String, Long> after = probe.balances();
    TransferOutcome.Posted replay =
        new TransferOutcome.Posted(key, posted.reference(), request, posted.postedAt(), true);

    // Whatever the desk thinks it abandons, the ledger shows the posting.
    assertThat(service.abandon(TestActors.TELLER, key, request, WHY)).isEqualTo(replay);
    assertThat(service.abandon(TestActors.TELLER, key, request.withAmount(7_800), WHY))
        .isEqualTo(replay);
    assertThat(service.abandon(TestActors.TELLER, key, null, WHY)).isEqualTo(replay);

    assertThat(probe.outcome(key)).isEqualTo("POSTED");
    assertThat(probe.voidedByAndReason(key)).isNull();
    assertThat(service.submit(TestActors.TELLER, key, request)).isEqualTo(replay);
    assertThat(probe.transfers(key)).isEqualTo(1);
    assertThat(probe.balances()).isEqualTo(after);
  }

  @Test
  void abandoningARejectedKeyReturnsTheRejectionAndWritesNothing() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(LEONIE, JONAS, 12_501); // Leonie holds 125.00
    var rejected = (TransferOutcome.Rejected) service.submit(TestActors.TELLER, key, request);

    TransferOutcome abandoned = service.abandon(TestActors.TELLER, key, request, WHY);

    assertThat(abandoned)
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
              assertThat(r.decidedAt()).isEqualTo(rejected.decidedAt());
              assertThat(r.request()).isEqualTo(request);
              assertThat(r.replayed()).isTrue();
            });
    assertThat(probe.outcome(key)).isEqualTo("REJECTED");
    assertThat(service.submit(TestActors.TELLER, key, request))
        .isInstanceOf(TransferOutcome.Rejected.class);
  }

  @Test
  void abandoningTwiceReplaysTheFirstVoidEvenWithOtherWords() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(JONAS, AMELIE, 4_200);
    var first = (TransferOutcome.Voided) service.abandon(TestActors.TELLER, key, request, WHY);

    TransferOutcome second = service.abandon(TestActors.TELLER, key, request, "Pressed it again.");
    TransferOutcome third = service.abandon(TestActors.TELLER, key, null, "Checking.");

    TransferOutcome.Voided replay =
        new TransferOutcome.Voided(key, request, first.voidedAt(), BY, WHY, true);
    assertThat(second).isEqualTo(replay);
    assertThat(third).isEqualTo(replay);
    assertThat(probe.records(key)).isEqualTo(1);
    assertThat(probe.voidedByAndReason(key)).isEqualTo(BY + " / " + WHY);
  }

  @Test
  void whoAndWhyAreStoredInNfcWithoutSurroundingSpace() {
    IdempotencyKey key = IdempotencyKey.mint();

    var v =
        (TransferOutcome.Voided)
            service.abandon(TestActors.TELLER, key, null, " Rene\u0301 hat storniert. ");

    assertThat(v.voidedBy()).isEqualTo("anna");
    assertThat(v.reason()).isEqualTo("René hat storniert.");
    assertThat(probe.voidedByAndReason(key)).isEqualTo("anna / René hat storniert.");
  }

  static Stream<Arguments> badAbandons() {
    TransferRequest ok = eur(AMELIE, JONAS, 100);
    var teller = TestActors.TELLER;
    return Stream.of(
        Arguments.of("nobody signed on", ok, null, WHY, Field.PERMISSION),
        Arguments.of("an auditor", ok, TestActors.AUDITOR, WHY, Field.PERMISSION),
        Arguments.of("an administrator", ok, TestActors.ADMINISTRATOR, WHY, Field.PERMISSION),
        Arguments.of(
            "a user the ledger does not have",
            ok,
            new com.onceteller.domain.Actor("ghost", com.onceteller.domain.Role.TELLER, "x"),
            WHY,
            Field.PERMISSION),
        Arguments.of("no reason", ok, teller, null, Field.REASON),
        Arguments.of("empty reason", ok, teller, "", Field.REASON),
        Arguments.of("reason too long", ok, teller, "y".repeat(1001), Field.REASON),
        Arguments.of("reason with a control character", ok, teller, "ok\u0007", Field.REASON),
        Arguments.of("reason with a bidi override", ok, teller, "ok \u202Eevil", Field.REASON),
        Arguments.of("malformed request", ok.withAmount(0), teller, WHY, Field.AMOUNT),
        Arguments.of(
            "request with a bad account",
            new TransferRequest("DE00", TestLedger.number(JONAS), 100, "EUR", ""),
            teller,
            WHY,
            Field.FROM_ACCOUNT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAbandons")
  void badInputIsAnsweredInvalidWithAClearMessageAndNothingIsStored(
      String name,
      TransferRequest request,
      com.onceteller.domain.Actor actor,
      String reason,
      Field field) {
    IdempotencyKey key = IdempotencyKey.mint();

    TransferOutcome o = service.abandon(actor, key, request, reason);

    assertThat(o)
        .isInstanceOfSatisfying(
            TransferOutcome.Invalid.class,
            i -> {
              assertThat(i.errors()).extracting(FieldError::field).containsExactly(field);
              assertThat(i.errors().get(0).message()).isNotBlank();
            });
    assertThat(probe.records(key)).isZero();
    // Nothing was fenced: the key can still be abandoned properly.
    assertThat(service.abandon(TestActors.TELLER, key, null, WHY))
        .isInstanceOf(TransferOutcome.Voided.class);
  }

  @Test
  void messagesSayWhatIsWrong() {
    IdempotencyKey key = IdempotencyKey.mint();
    var i = (TransferOutcome.Invalid) service.abandon(TestActors.TELLER, key, null, "a\u0000b");
    assertThat(i.summary()).contains("control character (U+0000)");
    var tooLong =
        (TransferOutcome.Invalid) service.abandon(TestActors.TELLER, key, null, "y".repeat(1001));
    assertThat(tooLong.summary()).contains("1001 characters; at most 1000");
    assertThat(
            ((TransferOutcome.Invalid) service.abandon(TestActors.TELLER, null, null, WHY))
                .errors())
        .extracting(FieldError::field)
        .containsExactly(Field.KEY);
  }

  @Test
  void aCompactedVoidStillFencesTheKeyAndStillTellsARequestFromAnother() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(CAFE, AMELIE, 3_000);
    MutableClock clock = new MutableClock();
    TransferService timed = new TransferService(ledger.database, clock, ServiceObserver.NONE);
    var voided = (TransferOutcome.Voided) timed.abandon(TestActors.TELLER, key, request, WHY);
    clock.advance(Duration.ofDays(30));
    new ReplayCompactor(ledger.database, clock).compactOlderThan(ReplayCompactor.DEFAULT_RETENTION);
    assertThat(
            probe.count(
                "select count(*) from idempotency_record where idempotency_key = ?"
                    + " and request_canonical is null and compacted_at is not null",
                key.value()))
        .isEqualTo(1);

    // Same request: its fingerprint still matches, so the void replays showing it.
    assertThat(timed.submit(TestActors.TELLER, key, request))
        .isEqualTo(new TransferOutcome.Voided(key, request, voided.voidedAt(), BY, WHY, true));
    assertThat(timed.submit(TestActors.TELLER, key, request.withAmount(1)))
        .isInstanceOfSatisfying(
            TransferOutcome.KeyReused.class, r -> assertThat(r.original()).isNull());
    assertThat(timed.abandon(TestActors.TELLER, key, null, WHY))
        .isEqualTo(new TransferOutcome.Voided(key, null, voided.voidedAt(), BY, WHY, true));
    assertThat(probe.transfers(key)).isZero();
  }

  @Test
  void aVoidSurvivesARestartAndTheLedgerWithVoidsReconciles(@TempDir Path own) {
    IdempotencyKey voidedKey = IdempotencyKey.mint();
    IdempotencyKey postedKey = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, MEHMET, 990);
    TransferOutcome.Voided voided;
    try (TestLedger l = TestLedger.open(own)) {
      TransferService s = new TransferService(l.database);
      voided = (TransferOutcome.Voided) s.abandon(TestActors.TELLER, voidedKey, request, WHY);
      s.submit(TestActors.TELLER, postedKey, request);
      FailClosedTest.killEngine(l); // an abrupt stop right after the answer
    }

    // Opening reconciles the ledger first: a file with a void in it must open.
    try (TestLedger reopened = TestLedger.open(own)) {
      LedgerProbe p = new LedgerProbe(reopened);
      TransferService s = new TransferService(reopened.database);
      assertThat(s.submit(TestActors.TELLER, voidedKey, request))
          .isEqualTo(
              new TransferOutcome.Voided(voidedKey, request, voided.voidedAt(), BY, WHY, true));
      assertThat(p.transfers(voidedKey)).isZero();
      assertThat(p.reconciliationProblems()).isEmpty();
    }
  }
}
