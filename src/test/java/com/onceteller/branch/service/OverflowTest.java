package com.onceteller.branch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.branch.ledger.Account;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.AccountStatus;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * A credit that would overflow the receiving balance (a signed 64-bit count of minor units) is a
 * deterministic refusal: a stored {@code Rejected} with reason BALANCE_OVERFLOW, decided before
 * anything is written, and replayed as such. It used to throw inside the transaction and answer
 * "not executed, safe to try again", which every retry repeated.
 */
class OverflowTest extends SharedLedgerTest {

  static final String PAYER = AccountNumbers.withCheckDigits("CH", "00762011623852957");
  static final String VAULT = AccountNumbers.withCheckDigits("CH", "00762011623852958");
  static final long HEADROOM = 5_000;

  // After the shared ledger of each engine is opened (not once per class: @BeforeAll).
  @BeforeParameterizedClassInvocation
  static void anAccountNearTheLargestBalance() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    ledger
        .database
        .sessionFactory()
        .inTransaction(
            s -> {
              s.persist(new Account(PAYER, "Payer AG", "CHF", 1_000_000, AccountStatus.OPEN, now));
              s.persist(
                  new Account(
                      VAULT,
                      "Vault AG",
                      "CHF",
                      Long.MAX_VALUE - HEADROOM,
                      AccountStatus.OPEN,
                      now));
            });
  }

  static TransferRequest chf(long amount) {
    return new TransferRequest(PAYER, VAULT, amount, "CHF", "Deposit");
  }

  long balance(String number) {
    return ledger.queries.account(number).orElseThrow().balanceMinor();
  }

  @Test
  void aCreditThatWouldOverflowIsAStoredRejectionWithAClearReasonAndReplaysAsSuch() {
    IdempotencyKey key = IdempotencyKey.mint();
    long payer = balance(PAYER);
    long vault = balance(VAULT);
    long references = probe.counter();

    TransferOutcome first = service.submit(TestActors.TELLER, key, chf(HEADROOM + 1));

    assertThat(first)
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectionReason.BALANCE_OVERFLOW);
              assertThat(r.replayed()).isFalse();
              assertThat(r.retryable()).isFalse();
              assertThat(r.message())
                  .contains("largest amount the ledger can hold")
                  .contains("Vault AG")
                  .contains("Nothing was moved");
            });
    // Decided before any write: no money, no transfer, no reference used.
    assertThat(balance(PAYER)).isEqualTo(payer);
    assertThat(balance(VAULT)).isEqualTo(vault);
    assertThat(probe.transfers(key)).isZero();
    assertThat(probe.counter()).isEqualTo(references);
    assertThat(probe.outcome(key)).isEqualTo("REJECTED");
    assertThat(
            probe.text(
                "select rejection_reason from idempotency_record where idempotency_key = ?",
                key.value()))
        .isEqualTo("BALANCE_OVERFLOW");

    var r = (TransferOutcome.Rejected) first;
    assertThat(service.submit(TestActors.TELLER, key, chf(HEADROOM + 1)))
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            again -> {
              assertThat(again.reason()).isEqualTo(RejectionReason.BALANCE_OVERFLOW);
              assertThat(again.decidedAt()).isEqualTo(r.decidedAt());
              assertThat(again.request()).isEqualTo(chf(HEADROOM + 1));
              assertThat(again.replayed()).isTrue();
            });
    assertThat(probe.reconciliationProblems()).isEmpty();
  }

  @Test
  void theLastMinorUnitThatFitsIsPostedAndTheNextOneIsRefused() {
    long vault = balance(VAULT);
    long room = Long.MAX_VALUE - vault;
    assertThat(room).isPositive();

    assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), chf(room)))
        .isInstanceOf(TransferOutcome.Posted.class);
    assertThat(balance(VAULT)).isEqualTo(Long.MAX_VALUE);
    assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), chf(1)))
        .isInstanceOfSatisfying(
            TransferOutcome.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectionReason.BALANCE_OVERFLOW));
    assertThat(balance(VAULT)).isEqualTo(Long.MAX_VALUE);
    assertThat(probe.reconciliationProblems()).isEmpty();
  }
}
