package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.LEONIE;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour 3: same key + different request is refused, showing the original; nothing runs. */
class FingerprintTest extends SharedLedgerTest {

  @Test
  void theSameKeyWithADifferentAmountIsRefusedAsKeyReusedShowingTheOriginalRequest() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest original = eur(AMELIE, JONAS, 10_000);
    var posted = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, original);
    Map<String, Long> before = probe.balances();
    long transfers = probe.allTransfers();

    TransferOutcome reused = service.submit(TestActors.TELLER, key, original.withAmount(100_000));

    assertThat(reused)
        .isInstanceOfSatisfying(
            TransferOutcome.KeyReused.class,
            r -> {
              assertThat(r.original()).isEqualTo(original);
              assertThat(r.attempted()).isEqualTo(original.withAmount(100_000));
              assertThat(r.originalReference()).isEqualTo(posted.reference());
              assertThat(r.originalDecidedAt()).isEqualTo(posted.postedAt());
            });
    assertThat(reused.retryable()).isFalse();
    assertThat(probe.balances()).isEqualTo(before);
    assertThat(probe.allTransfers()).isEqualTo(transfers);
    // The refusal is not stored: the original request still replays.
    assertThat(service.submit(TestActors.TELLER, key, original))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
  }

  static Stream<Arguments> everyField() {
    return Stream.<Map.Entry<String, UnaryOperator<TransferRequest>>>of(
            Map.entry(
                "from",
                r ->
                    new TransferRequest(
                        TestLedger.number(CAFE),
                        r.toAccount(),
                        r.amountMinor(),
                        r.currency(),
                        r.memo())),
            Map.entry(
                "to",
                r ->
                    new TransferRequest(
                        r.fromAccount(),
                        TestLedger.number(MEHMET),
                        r.amountMinor(),
                        r.currency(),
                        r.memo())),
            Map.entry("amount", r -> r.withAmount(r.amountMinor() + 1)),
            Map.entry(
                "currency",
                r ->
                    new TransferRequest(
                        r.fromAccount(), r.toAccount(), r.amountMinor(), "USD", r.memo())),
            Map.entry(
                "memo",
                r ->
                    new TransferRequest(
                        r.fromAccount(),
                        r.toAccount(),
                        r.amountMinor(),
                        r.currency(),
                        r.memo() + " 2")),
            Map.entry(
                "memo removed",
                r ->
                    new TransferRequest(
                        r.fromAccount(), r.toAccount(), r.amountMinor(), r.currency(), null)))
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "changing {0}")
  @MethodSource("everyField")
  void everyFieldOfTheRequestIsCoveredByTheFingerprint(
      String field, UnaryOperator<TransferRequest> change) {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest original = eur(AMELIE, JONAS, 4_200, "Deposit flat 3");
    service.submit(TestActors.TELLER, key, original);
    Map<String, Long> before = probe.balances();

    TransferOutcome outcome = service.submit(TestActors.TELLER, key, change.apply(original));

    assertThat(outcome)
        .as("changing %s", field)
        .isInstanceOfSatisfying(
            TransferOutcome.KeyReused.class, r -> assertThat(r.original()).isEqualTo(original));
    assertThat(probe.balances()).isEqualTo(before);
    assertThat(probe.transfers(key)).isEqualTo(1);
  }

  @Test
  void aKeyThatWasRejectedRefusesADifferentRequestEvenOneThatWouldSucceed() {
    IdempotencyKey key = IdempotencyKey.mint();
    long leonie = ledger.balance(LEONIE);
    TransferRequest tooMuch = eur(LEONIE, JONAS, leonie + 1);
    assertThat(service.submit(TestActors.TELLER, key, tooMuch))
        .isInstanceOf(TransferOutcome.Rejected.class);

    TransferOutcome smaller = service.submit(TestActors.TELLER, key, tooMuch.withAmount(1));

    assertThat(smaller)
        .isInstanceOfSatisfying(
            TransferOutcome.KeyReused.class,
            r -> {
              assertThat(r.original()).isEqualTo(tooMuch);
              assertThat(r.originalReference()).isNull();
            });
    assertThat(ledger.balance(LEONIE)).isEqualTo(leonie);
    assertThat(probe.transfers(key)).isZero();
  }
}
