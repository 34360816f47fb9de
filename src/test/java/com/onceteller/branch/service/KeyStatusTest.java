package com.onceteller.branch.service;

import static com.onceteller.branch.service.AbandonTest.BY;
import static com.onceteller.branch.service.AbandonTest.WHY;
import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.SOFIA_FROZEN;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a desk in doubt, or a start-up audit, learns by asking the ledger about a key without
 * sending anything: posted, rejected, voided or unknown, read-only.
 */
class KeyStatusTest extends SharedLedgerTest {

  @Test
  void aKeyNothingCommittedForIsUnknownAndAskingWritesNothing() {
    IdempotencyKey key = IdempotencyKey.mint();

    assertThat(ledger.queries.statusOf(TestActors.TELLER, key)).isEqualTo(KeyStatus.unknown(key));
    assertThat(probe.records(key)).isZero();
    // An invalid attempt is not stored: still unknown.
    service.submit(TestActors.TELLER, key, eur(AMELIE, AMELIE, 5));
    assertThat(ledger.queries.statusOf(TestActors.TELLER, key).state())
        .isEqualTo(KeyStatus.State.UNKNOWN);
  }

  @Test
  void aPostedKeyHasItsReferenceTimeAndRequest() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 2_500, "Rent Cafe\u0301");
    var posted = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, request);

    assertThat(ledger.queries.statusOf(TestActors.TELLER, key))
        .isEqualTo(
            KeyStatus.posted(key, posted.reference(), posted.postedAt(), request.normalized()));
  }

  @Test
  void aRejectedKeyHasItsReason() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, SOFIA_FROZEN, 100);
    var rejected = (TransferOutcome.Rejected) service.submit(TestActors.TELLER, key, request);

    assertThat(ledger.queries.statusOf(TestActors.TELLER, key))
        .isEqualTo(
            KeyStatus.rejected(
                key, RejectionReason.DESTINATION_FROZEN, rejected.decidedAt(), request));
  }

  @Test
  void aVoidedKeyHasWhoAndWhyAndTheRequestIfTheVoidKnewIt() {
    IdempotencyKey known = IdempotencyKey.mint();
    IdempotencyKey blind = IdempotencyKey.mint();
    TransferRequest request = eur(CAFE, MEHMET, 700);
    var v1 = (TransferOutcome.Voided) service.abandon(TestActors.TELLER, known, request, WHY);
    var v2 = (TransferOutcome.Voided) service.abandon(TestActors.TELLER, blind, null, WHY);

    assertThat(ledger.queries.statusOf(TestActors.TELLER, known))
        .isEqualTo(KeyStatus.voided(known, BY, WHY, v1.voidedAt(), request));
    assertThat(ledger.queries.statusOf(TestActors.TELLER, blind))
        .isEqualTo(KeyStatus.voided(blind, BY, WHY, v2.voidedAt(), null));
  }

  @Test
  void aPostedKeyIsFoundAfterCompactionAndEvenWithoutItsRecord(@TempDir Path own) {
    // Its own ledger: the tampering below removes the append-only triggers.
    try (TestLedger l = TestLedger.open(own)) {
      LedgerProbe p = new LedgerProbe(l);
      MutableClock clock = new MutableClock();
      TransferService s = new TransferService(l.database, clock, ServiceObserver.NONE);
      IdempotencyKey compacted = IdempotencyKey.mint();
      IdempotencyKey lost = IdempotencyKey.mint();
      IdempotencyKey rejected = IdempotencyKey.mint();
      TransferRequest r1 = eur(AMELIE, JONAS, 111, "Compacted");
      TransferRequest r2 = eur(JONAS, AMELIE, 222, "Lost record");
      var p1 = (TransferOutcome.Posted) s.submit(TestActors.TELLER, compacted, r1);
      var p2 = (TransferOutcome.Posted) s.submit(TestActors.TELLER, lost, r2);
      var rj =
          (TransferOutcome.Rejected)
              s.submit(TestActors.TELLER, rejected, eur(AMELIE, SOFIA_FROZEN, 1));
      clock.advance(Duration.ofDays(30));
      new ReplayCompactor(l.database, clock).compactOlderThan(ReplayCompactor.DEFAULT_RETENTION);
      p.tamper("delete from idempotency_record where idempotency_key = ?", lost.value());

      assertThat(l.queries.statusOf(TestActors.TELLER, compacted))
          .isEqualTo(KeyStatus.posted(compacted, p1.reference(), p1.postedAt(), r1));
      assertThat(l.queries.statusOf(TestActors.TELLER, lost))
          .isEqualTo(KeyStatus.posted(lost, p2.reference(), p2.postedAt(), r2));
      // A compacted rejection keeps its reason, not its request.
      assertThat(l.queries.statusOf(TestActors.TELLER, rejected))
          .isEqualTo(
              KeyStatus.rejected(
                  rejected, RejectionReason.DESTINATION_FROZEN, rj.decidedAt(), null));
    }
  }
}
