package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.DANIEL_USD;
import static com.onceteller.branch.service.Requests.GRACE_USD;
import static com.onceteller.branch.service.Requests.HENRIK_CLOSED;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.LEONIE;
import static com.onceteller.branch.service.Requests.SOFIA_FROZEN;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.FieldError.Field;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferLimits;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Behaviour 5: decisions that depend on ledger state are stored and replayed; requests that are
 * wrong in themselves are answered Invalid and not stored, so the corrected form reuses its key.
 */
class WhatIsStoredTest extends SharedLedgerTest {

  @Test
  void aPostedTransferIsStoredAndReplayed() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 5_000);

    var first = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, request);
    Map<String, Long> after = probe.balances();

    assertThat(probe.records(key)).isEqualTo(1);
    assertThat(probe.transfers(key)).isEqualTo(1);
    assertThat(service.submit(TestActors.TELLER, key, request))
        .isEqualTo(
            new TransferOutcome.Posted(key, first.reference(), request, first.postedAt(), true));
    assertThat(probe.balances()).isEqualTo(after);
  }

  static Stream<Arguments> ledgerStateRejections() {
    return Stream.of(
        Arguments.of(
            "insufficient funds",
            eur(LEONIE, JONAS, 12_501), // Leonie holds 125.00
            RejectionReason.INSUFFICIENT_FUNDS),
        Arguments.of("frozen payer", eur(SOFIA_FROZEN, JONAS, 100), RejectionReason.SOURCE_FROZEN),
        Arguments.of(
            "frozen payee", eur(AMELIE, SOFIA_FROZEN, 100), RejectionReason.DESTINATION_FROZEN),
        Arguments.of("closed payer", eur(HENRIK_CLOSED, JONAS, 100), RejectionReason.SOURCE_CLOSED),
        Arguments.of(
            "closed payee", eur(AMELIE, HENRIK_CLOSED, 100), RejectionReason.DESTINATION_CLOSED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ledgerStateRejections")
  void aRejectionThatDependsOnLedgerStateIsStoredAndReplayed(
      String name, TransferRequest request, RejectionReason reason) {
    IdempotencyKey key = IdempotencyKey.mint();
    Map<String, Long> before = probe.balances();

    TransferOutcome first = service.submit(TestActors.TELLER, key, request);
    TransferOutcome again = service.submit(TestActors.TELLER, key, request);

    assertThat(first)
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(reason);
              assertThat(r.replayed()).isFalse();
              assertThat(r.message()).isNotBlank();
            });
    assertThat(first.retryable()).isFalse();
    assertThat(probe.records(key)).isEqualTo(1);
    assertThat(probe.transfers(key)).isZero();
    assertThat(again)
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(reason);
              assertThat(r.replayed()).isTrue();
              assertThat(r.decidedAt()).isEqualTo(((TransferOutcome.Rejected) first).decidedAt());
            });
    assertThat(probe.balances()).isEqualTo(before);
  }

  private static TransferRequest with(
      String from, String to, long amount, String currency, String memo) {
    return new TransferRequest(from, to, amount, currency, memo);
  }

  static Stream<Arguments> invalidRequests() {
    String a = TestLedger.number(AMELIE);
    String j = TestLedger.number(JONAS);
    String g = TestLedger.number(GRACE_USD);
    String d = TestLedger.number(DANIEL_USD);
    String unknown = AccountNumbers.withCheckDigits("DE", "99999999" + "0000000001");
    String typo = j.substring(0, j.length() - 1) + (j.endsWith("1") ? "2" : "1");
    return Stream.of(
        Arguments.of(
            "malformed payer", with("DE00 GARBAGE", j, 100, "EUR", "x"), Field.FROM_ACCOUNT),
        Arguments.of("payee with a typo", with(a, typo, 100, "EUR", "x"), Field.TO_ACCOUNT),
        Arguments.of("missing payer", with(null, j, 100, "EUR", "x"), Field.FROM_ACCOUNT),
        Arguments.of("missing payee", with(a, "", 100, "EUR", "x"), Field.TO_ACCOUNT),
        Arguments.of("missing currency", with(a, j, 100, null, "x"), Field.CURRENCY),
        Arguments.of("malformed currency", with(a, j, 100, "EURO", "x"), Field.CURRENCY),
        Arguments.of("zero amount", with(a, j, 0, "EUR", "x"), Field.AMOUNT),
        Arguments.of("negative amount", with(a, j, -100, "EUR", "x"), Field.AMOUNT),
        Arguments.of(
            "amount above the limit",
            with(a, j, TransferLimits.MAX_AMOUNT_MINOR + 1, "EUR", "x"),
            Field.AMOUNT),
        Arguments.of("same account both sides", with(a, a, 100, "EUR", "x"), Field.TO_ACCOUNT),
        Arguments.of("unknown payer", with(unknown, j, 100, "EUR", "x"), Field.FROM_ACCOUNT),
        Arguments.of("unknown payee", with(a, unknown, 100, "EUR", "x"), Field.TO_ACCOUNT),
        Arguments.of("currency not the accounts'", with(a, j, 100, "USD", "x"), Field.CURRENCY),
        Arguments.of("accounts in two currencies", with(a, g, 100, "EUR", "x"), Field.CURRENCY),
        Arguments.of(
            "memo with a control character", with(g, d, 100, "USD", "a\u0007b"), Field.MEMO),
        Arguments.of(
            "memo too long",
            with(g, d, 100, "USD", "x".repeat(TransferLimits.MAX_MEMO_LENGTH + 1)),
            Field.MEMO));
  }

  /** The form's corrected request: same shape, every field valid, between open accounts. */
  private static TransferRequest corrected(TransferRequest wrong) {
    boolean usd = TestLedger.number(GRACE_USD).equals(wrong.fromAccount());
    return usd ? Requests.usd(GRACE_USD, DANIEL_USD, 100) : eur(AMELIE, JONAS, 100, "x");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void anInvalidRequestIsAnsweredWithAClearErrorAndNotStoredSoTheCorrectedRequestReusesTheKey(
      String name, TransferRequest wrong, Field field) {
    IdempotencyKey key = IdempotencyKey.mint();
    Map<String, Long> before = probe.balances();
    long records = probe.allRecords();

    TransferOutcome invalid = service.submit(TestActors.TELLER, key, wrong);

    assertThat(invalid)
        .isInstanceOfSatisfying(
            TransferOutcome.Invalid.class,
            i -> {
              assertThat(i.key()).isEqualTo(key);
              assertThat(i.errors()).anySatisfy(e -> assertThat(e.field()).isEqualTo(field));
              assertThat(i.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
            });
    assertThat(invalid.retryable()).isFalse();
    assertThat(probe.allRecords()).isEqualTo(records);
    assertThat(probe.balances()).isEqualTo(before);

    TransferOutcome fixed = service.submit(TestActors.TELLER, key, corrected(wrong));

    assertThat(fixed)
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isFalse());
    assertThat(probe.transfers(key)).isEqualTo(1);
  }

  @Test
  void aMalformedKeyIsAnsweredInvalidAndNothingIsStored() {
    long records = probe.allRecords();

    TransferOutcome outcome =
        service.submit(TestActors.TELLER, "not-a-key", eur(AMELIE, JONAS, 100));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            TransferOutcome.Invalid.class,
            i -> {
              assertThat(i.key()).isNull();
              assertThat(i.errors())
                  .singleElement()
                  .satisfies(
                      e -> {
                        assertThat(e.field()).isEqualTo(Field.KEY);
                        assertThat(e.message()).contains("not a UUID");
                      });
            });
    assertThat(probe.allRecords()).isEqualTo(records);
    assertThat(service.submit(TestActors.TELLER, (IdempotencyKey) null, eur(AMELIE, JONAS, 100)))
        .isInstanceOf(TransferOutcome.Invalid.class);
    assertThat(probe.allRecords()).isEqualTo(records);
  }
}
