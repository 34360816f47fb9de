package com.onceteller.branch.service;

import static com.onceteller.branch.service.AbandonTest.WHY;
import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.HENRIK_CLOSED;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.LEONIE;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.SOFIA_FROZEN;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.FieldError.Field;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.RestoreResult;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desk holds a durable record that the teller was told "Posted T-…" for a key the ledger has no
 * trace of (the store lost a synced commit, issue 9). Restoring it posts the transfer exactly as
 * acknowledged, once, records an incident, and leaves a ledger that reconciles; a key the ledger
 * knows is never written to.
 */
class RestoreAcknowledgedTest {

  @TempDir Path dir;
  TestLedger ledger;
  LedgerProbe probe;
  TransferService service;

  /** When the teller was told "Posted", with nanoseconds as a desk's clock gives them. */
  static final Instant TOLD = Instant.parse("2025-03-14T10:42:07.123456789Z");

  static final String NOTE = "Acknowledgement audit at start-up, desk 3.";

  @BeforeEach
  void aLedgerWithThreePostings() {
    ledger = TestLedger.open(dir);
    probe = new LedgerProbe(ledger);
    service = new TransferService(ledger.database);
    for (int i = 0; i < 3; i++) {
      assertThat(
              service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, MEHMET, 100 + i)))
          .isInstanceOf(TransferOutcome.Posted.class);
    }
    assertThat(probe.counter()).isEqualTo(3);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  /** The ledger opens again: start-up reconciliation accepts what the restore left. */
  private void reopensAndReconciles() {
    assertThat(probe.reconciliationProblems()).isEmpty();
    ledger.close();
    ledger = TestLedger.open(dir);
    probe = new LedgerProbe(ledger);
    service = new TransferService(ledger.database);
  }

  @Test
  void aLostPostingIsRestoredUnderTheReferenceTheTellerWasGivenWhenItIsFree() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest told = eur(AMELIE, JONAS, 4_200, "Rent Cafe\u0301");
    long amelie = ledger.balance(AMELIE);
    long jonas = ledger.balance(JONAS);
    Instant postedAt = TOLD.truncatedTo(ChronoUnit.MICROS);

    RestoreResult r =
        service.restoreAcknowledged(TestActors.TELLER, key, told, "T-000004", TOLD, NOTE);

    assertThat(r.restored()).isTrue();
    assertThat(r.reference()).isEqualTo("T-000004");
    assertThat(r.referenceAsAcknowledged()).isTrue();
    assertThat(r.incidentId()).isNotNull();
    assertThat(r.retryable()).isFalse();
    assertThat(r.outcome())
        .isEqualTo(new TransferOutcome.Posted(key, "T-000004", told.normalized(), postedAt, false));
    assertThat(r.message()).contains("T-000004").contains("the reference the teller was given");
    // Moved exactly as acknowledged, at the acknowledged time, with a balanced pair.
    assertThat(ledger.balance(AMELIE)).isEqualTo(amelie - 4_200);
    assertThat(ledger.balance(JONAS)).isEqualTo(jonas + 4_200);
    assertThat(probe.journalEntries(key)).isEqualTo(2);
    assertThat(ledger.queries.transferByKey("anna", key).orElseThrow().postedAt())
        .isEqualTo(postedAt);
    // The operator sees it.
    assertThat(probe.incidents(key)).isEqualTo(1);
    assertThat(
            probe.text(
                "select kind || ' ' || reference || ' ' || detail from ledger_incident where id = ?",
                r.incidentId()))
        .startsWith("ACKNOWLEDGED_POSTING_RESTORED T-000004 Restored a posting")
        .contains("EUR 42.00")
        .contains(key.toString())
        .contains(NOTE);
    // The counter is at the restored reference: the next posting follows it.
    assertThat(probe.counter()).isEqualTo(4);
    assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, MEHMET, 5)))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.reference()).isEqualTo("T-000005"));

    reopensAndReconciles();
    // The key now replays the posting the teller was told about; a second restore writes nothing.
    TransferOutcome.Posted replay =
        new TransferOutcome.Posted(key, "T-000004", told.normalized(), postedAt, true);
    assertThat(service.submit(TestActors.TELLER, key, told)).isEqualTo(replay);
    assertThat(ledger.queries.statusOf(TestActors.TELLER, key))
        .isEqualTo(KeyStatus.posted(key, "T-000004", postedAt, told.normalized()));
    RestoreResult again =
        service.restoreAcknowledged(TestActors.TELLER, key, told, "T-000004", TOLD, NOTE);
    assertThat(again.restored()).isFalse();
    assertThat(again.outcome()).isEqualTo(replay);
    assertThat(again.referenceAsAcknowledged()).isTrue();
    assertThat(again.incidentId()).isNull();
    assertThat(probe.incidents(key)).isEqualTo(1);
    assertThat(probe.transfers(key)).isEqualTo(1);
  }

  @Test
  void aReferenceAlreadyGivenToAnotherTransferIsNotReusedTheNextOneIsAndTheAnswerSaysSo() {
    IdempotencyKey key = IdempotencyKey.mint();

    RestoreResult r =
        service.restoreAcknowledged(
            TestActors.TELLER, key, eur(AMELIE, JONAS, 300), "T-000002", TOLD, null);

    assertThat(r.restored()).isTrue();
    assertThat(r.reference()).isEqualTo("T-000004");
    assertThat(r.referenceAsAcknowledged()).isFalse();
    assertThat(r.message()).contains("T-000002 now belongs to another transfer");
    assertThat(probe.referenceNumbers()).containsExactly(1L, 2L, 3L, 4L);
    reopensAndReconciles();
  }

  @Test
  void aReferenceAboveTheCounterIsKeptAndTheCounterEndsAboveIt() {
    IdempotencyKey key = IdempotencyKey.mint();

    RestoreResult r =
        service.restoreAcknowledged(
            TestActors.TELLER, key, eur(AMELIE, JONAS, 300), "T-000010", TOLD, null);

    assertThat(r.reference()).isEqualTo("T-000010");
    assertThat(r.referenceAsAcknowledged()).isTrue();
    assertThat(probe.counter()).isEqualTo(10);
    assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, MEHMET, 5)))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.reference()).isEqualTo("T-000011"));
    // A lost reference below the counter is free too, and is used as acknowledged.
    RestoreResult earlier =
        service.restoreAcknowledged(
            TestActors.TELLER,
            IdempotencyKey.mint(),
            eur(JONAS, AMELIE, 301),
            "T-000006",
            TOLD,
            null);
    assertThat(earlier.reference()).isEqualTo("T-000006");
    assertThat(probe.counter()).isEqualTo(11);
    reopensAndReconciles();
  }

  @Test
  void withoutAUsableReferenceTheNextOneIsUsed() {
    RestoreResult none =
        service.restoreAcknowledged(
            TestActors.TELLER, IdempotencyKey.mint(), eur(AMELIE, JONAS, 1), null, TOLD, null);
    RestoreResult foreign =
        service.restoreAcknowledged(
            TestActors.TELLER, IdempotencyKey.mint(), eur(AMELIE, JONAS, 2), "X-17", TOLD, null);

    assertThat(none.reference()).isEqualTo("T-000004");
    assertThat(none.message()).contains("the desk had no reference");
    assertThat(foreign.reference()).isEqualTo("T-000005");
    assertThat(foreign.message()).contains("\"X-17\" is not a reference of this ledger");
    reopensAndReconciles();
  }

  @Test
  void aPostingTheLedgerHasIsTheNormalCaseAndNothingIsWritten() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 800);
    var posted = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, request);
    Map<String, Long> balances = probe.balances();
    long incidents = probe.allIncidents();
    TransferOutcome.Posted replay =
        new TransferOutcome.Posted(key, posted.reference(), request, posted.postedAt(), true);

    RestoreResult same =
        service.restoreAcknowledged(
            TestActors.TELLER, key, request, posted.reference(), TOLD, NOTE);
    RestoreResult otherReference =
        service.restoreAcknowledged(TestActors.TELLER, key, request, "T-000099", TOLD, NOTE);

    assertThat(same)
        .isEqualTo(
            new RestoreResult(key, false, posted.reference(), true, null, replay, same.message()));
    assertThat(same.message()).contains("nothing to restore");
    assertThat(otherReference.restored()).isFalse();
    assertThat(otherReference.referenceAsAcknowledged()).isFalse();
    assertThat(otherReference.reference()).isEqualTo(posted.reference());
    assertThat(otherReference.message()).contains("not T-000099 as acknowledged");
    assertThat(probe.balances()).isEqualTo(balances);
    assertThat(probe.allIncidents()).isEqualTo(incidents);
    assertThat(probe.counter()).isEqualTo(4);
  }

  @Test
  void aKeyTheLedgerKnowsForAnotherRequestOrDecisionIsNeverWrittenTo() {
    IdempotencyKey posted = IdempotencyKey.mint();
    IdempotencyKey rejected = IdempotencyKey.mint();
    IdempotencyKey voided = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 900);
    service.submit(TestActors.TELLER, posted, request);
    service.submit(TestActors.TELLER, rejected, eur(LEONIE, JONAS, 1_000_000));
    service.abandon(TestActors.TELLER, voided, request, WHY);
    Map<String, Long> balances = probe.balances();

    RestoreResult differs =
        service.restoreAcknowledged(
            TestActors.TELLER, posted, request.withAmount(901), "T-000004", TOLD, null);
    RestoreResult wasRejected =
        service.restoreAcknowledged(
            TestActors.TELLER, rejected, eur(LEONIE, JONAS, 1_000_000), "T-000005", TOLD, null);
    RestoreResult wasVoided =
        service.restoreAcknowledged(TestActors.TELLER, voided, request, "T-000006", TOLD, null);

    assertThat(differs.outcome()).isInstanceOf(TransferOutcome.KeyReused.class);
    assertThat(differs.message()).contains("different request");
    assertThat(wasRejected.outcome())
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            x -> assertThat(x.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS));
    assertThat(wasRejected.message()).contains("An operator must look at it");
    assertThat(wasVoided.outcome()).isInstanceOf(TransferOutcome.Voided.class);
    for (RestoreResult r : new RestoreResult[] {differs, wasRejected, wasVoided}) {
      assertThat(r.restored()).isFalse();
      assertThat(r.incidentId()).isNull();
      assertThat(r.retryable()).isFalse();
    }
    assertThat(probe.balances()).isEqualTo(balances);
    assertThat(probe.allIncidents()).isZero();
    assertThat(probe.outcome(rejected)).isEqualTo("REJECTED");
    assertThat(probe.outcome(voided)).isEqualTo("VOIDED");
  }

  @Test
  void aPostingThatNowOverdrawsOrMeetsAFrozenAccountIsRestoredAndFlaggedNotRefused() {
    IdempotencyKey overdraws = IdempotencyKey.mint();
    IdempotencyKey frozen = IdempotencyKey.mint();
    long leonie = ledger.balance(LEONIE); // 125.00

    RestoreResult r =
        service.restoreAcknowledged(
            TestActors.TELLER, overdraws, eur(LEONIE, JONAS, 20_000), "T-000004", TOLD, null);
    RestoreResult f =
        service.restoreAcknowledged(
            TestActors.TELLER, frozen, eur(AMELIE, SOFIA_FROZEN, 500), "T-000005", TOLD, null);

    assertThat(r.restored()).isTrue();
    assertThat(ledger.balance(LEONIE)).isEqualTo(leonie - 20_000).isNegative();
    assertThat(r.message()).contains("overdrawn").contains("EUR -75.00 after");
    assertThat(f.restored()).isTrue();
    assertThat(f.message()).contains("is frozen; the posting was restored all the same");
    // The overdraft is explained by the incident, so the ledger still opens.
    reopensAndReconciles();
    // New postings from the overdrawn account are refused as usual.
    assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(LEONIE, JONAS, 1)))
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            x -> assertThat(x.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS));
  }

  @Test
  void aNegativeBalanceWithoutARestoreBehindItStillDoesNotReconcile() {
    service.restoreAcknowledged(
        TestActors.TELLER,
        IdempotencyKey.mint(),
        eur(LEONIE, JONAS, 20_000),
        "T-000004",
        TOLD,
        null);
    assertThat(probe.reconciliationProblems()).isEmpty();

    // Someone edits another account negative by hand: the exemption does not cover it.
    probe.tamper(
        "update account set balance_minor = -1, opening_balance_minor = opening_balance_minor"
            + " - balance_minor - 1 where number = ?",
        TestLedger.number(HENRIK_CLOSED));

    assertThat(probe.reconciliationProblems())
        .containsExactly(
            "account " + TestLedger.number(HENRIK_CLOSED) + " has a negative balance -1");
  }

  @Test
  void badInputIsAnsweredInvalidAndNothingIsWritten() {
    IdempotencyKey key = IdempotencyKey.mint();
    Map<String, Long> balances = probe.balances();

    RestoreResult noTime =
        service.restoreAcknowledged(TestActors.TELLER, key, eur(AMELIE, JONAS, 1), "T-4", null, "");
    RestoreResult badRequest =
        service.restoreAcknowledged(
            TestActors.TELLER, key, eur(AMELIE, JONAS, 0), "T-000004", TOLD, null);
    RestoreResult badNote =
        service.restoreAcknowledged(
            TestActors.TELLER, key, eur(AMELIE, JONAS, 1), "T-000004", TOLD, "a\u0000b");
    RestoreResult unknownAccount =
        service.restoreAcknowledged(
            TestActors.TELLER,
            key,
            new TransferRequest(
                AccountNumbers.withCheckDigits("DE", "123456781234567890"),
                TestLedger.number(JONAS),
                1,
                "EUR",
                ""),
            "T-000004",
            TOLD,
            null);
    RestoreResult noKey =
        service.restoreAcknowledged(
            TestActors.TELLER, null, eur(AMELIE, JONAS, 1), "T-000004", TOLD, null);

    assertThat(fields(noTime)).containsExactly(Field.POSTED_AT);
    assertThat(fields(badRequest)).containsExactly(Field.AMOUNT);
    assertThat(fields(badNote)).containsExactly(Field.NOTE);
    assertThat(fields(unknownAccount)).containsExactly(Field.FROM_ACCOUNT);
    assertThat(fields(noKey)).containsExactly(Field.KEY);
    assertThat(noTime.message()).startsWith("Nothing restored: ");
    assertThat(probe.records(key)).isZero();
    assertThat(probe.allIncidents()).isZero();
    assertThat(probe.counter()).isEqualTo(3);
    assertThat(probe.balances()).isEqualTo(balances);
  }

  private static java.util.List<Field> fields(RestoreResult r) {
    assertThat(r.restored()).isFalse();
    assertThat(r.outcome()).isInstanceOf(TransferOutcome.Invalid.class);
    return ((TransferOutcome.Invalid) r.outcome())
        .errors().stream().map(FieldError::field).toList();
  }

  @Test
  void aPostedKeyWhoseRecordWasLostIsFoundByItsTransferAndNotPostedTwice() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, CAFE, 1_500);
    var posted = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, request);
    probe.tamper("delete from idempotency_record where idempotency_key = ?", key.value());
    long amelie = ledger.balance(AMELIE);

    RestoreResult r =
        service.restoreAcknowledged(
            TestActors.TELLER, key, request, posted.reference(), TOLD, null);

    assertThat(r.restored()).isFalse();
    assertThat(r.outcome())
        .isEqualTo(
            new TransferOutcome.Posted(key, posted.reference(), request, posted.postedAt(), true));
    assertThat(probe.transfers(key)).isEqualTo(1);
    assertThat(probe.records(key)).isZero();
    assertThat(ledger.balance(AMELIE)).isEqualTo(amelie);
  }
}
