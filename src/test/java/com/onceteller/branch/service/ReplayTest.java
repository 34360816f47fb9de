package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.LEONIE;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour 2: a later submit with the same key and request returns the stored outcome. */
class ReplayTest extends SharedLedgerTest {

  static final class Recorder implements ServiceObserver {
    final List<String> events = new ArrayList<>();

    @Override
    public void keyClaimed(IdempotencyKey key) {
      events.add("claimed");
    }

    @Override
    public void committed(IdempotencyKey key, TransferOutcome outcome) {
      events.add("committed");
    }

    @Override
    public void replayed(IdempotencyKey key, TransferOutcome outcome) {
      events.add("replayed");
    }
  }

  @Test
  void aRetryAfterALostResponseReplaysTheFirstOutcomeWithItsReferenceAndTimeAndMovesNoMoney() {
    MutableClock clock = new MutableClock();
    Recorder recorder = new Recorder();
    TransferService service = new TransferService(ledger.database, clock, recorder);
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 12_345, "Invoice 2025-117");

    var first = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, request);
    Instant firstDecided = clock.instant();
    Map<String, Long> afterFirst = probe.balances();
    long journalAfterFirst = probe.allJournalEntries();
    clock.advance(Duration.ofMinutes(3));
    TransferOutcome again = service.submit(TestActors.TELLER, key, request);

    assertThat(first.replayed()).isFalse();
    assertThat(first.reference()).matches("T-\\d{6}");
    assertThat(again)
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class,
            p -> {
              assertThat(p.replayed()).isTrue();
              assertThat(p.reference()).isEqualTo(first.reference());
              assertThat(p.request()).isEqualTo(first.request());
              // When it was first decided, not now, and exactly the instant the first answer gave.
              assertThat(p.postedAt()).isEqualTo(first.postedAt());
              assertThat(Duration.between(p.postedAt(), firstDecided).abs())
                  .isLessThan(Duration.ofMillis(1));
            });
    assertThat(again.retryable()).isFalse();
    assertThat(probe.balances()).isEqualTo(afterFirst);
    assertThat(probe.allJournalEntries()).isEqualTo(journalAfterFirst);
    assertThat(probe.transfers(key)).isEqualTo(1);
    assertThat(recorder.events).containsExactly("claimed", "committed", "replayed");
  }

  @Test
  void aReplayOfARejectionIsTheSameRejectionEvenAfterTheAccountWasToppedUp() {
    MutableClock clock = new MutableClock();
    TransferService service = new TransferService(ledger.database, clock, ServiceObserver.NONE);
    IdempotencyKey key = IdempotencyKey.mint();
    long leonie = ledger.balance(LEONIE);
    TransferRequest tooMuch = eur(LEONIE, JONAS, leonie + 1);

    var first = (TransferOutcome.Rejected) service.submit(TestActors.TELLER, key, tooMuch);
    // A deposit arrives: the same request under a new key would now be posted.
    clock.advance(Duration.ofHours(1));
    assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(CAFE, LEONIE, 100_000)))
        .isInstanceOf(TransferOutcome.Posted.class);
    long toppedUp = ledger.balance(LEONIE);
    TransferOutcome again = service.submit(TestActors.TELLER, key, tooMuch);

    assertThat(first.reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    assertThat(first.replayed()).isFalse();
    assertThat(again)
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(first.reason());
              assertThat(r.replayed()).isTrue();
              assertThat(r.decidedAt()).isEqualTo(first.decidedAt());
              assertThat(r.request()).isEqualTo(first.request());
              assertThat(r.message()).startsWith("Insufficient funds");
            });
    assertThat(again.retryable()).isFalse();
    assertThat(ledger.balance(LEONIE)).isEqualTo(toppedUp);
    assertThat(probe.transfers(key)).isZero();
  }

  @Test
  void aRetryTypedWithSpacesAndLowerCaseStillReplays() {
    TransferService service = new TransferService(ledger.database);
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest typed = eur(AMELIE, CAFE, 999);
    var first = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, typed);

    TransferRequest retyped =
        new TransferRequest(
            TestLedger.number(AMELIE).toLowerCase(),
            " " + com.onceteller.domain.AccountNumbers.pretty(TestLedger.number(CAFE)) + " ",
            999,
            "eur",
            typed.memo());

    assertThat(service.submit(TestActors.TELLER, key, retyped))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class,
            p -> {
              assertThat(p.replayed()).isTrue();
              assertThat(p.reference()).isEqualTo(first.reference());
            });
    assertThat(probe.transfers(key)).isEqualTo(1);
  }
}
