package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferRequest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The entity keeps its own invariants, before the database's constraints are ever asked. */
class IdempotencyRecordTest {

  static final UUID KEY = UUID.fromString("0190f1c2-7a3b-7cde-8f01-23456789abcd");
  static final Instant AT = Instant.parse("2025-03-14T10:00:00Z");
  static final TransferRequest R =
      new TransferRequest("DE89370400440532013000", "DE44500105175407324931", 1, "EUR", "");

  @Test
  void aVoidKeepsWhoWhyAndTheRequestOrNoRequestAtAll() {
    IdempotencyRecord known =
        IdempotencyRecord.voided(
            "anna", KEY, R.fingerprint(), R.canonicalForm(), "Teller", "Why", AT);
    IdempotencyRecord blind =
        IdempotencyRecord.voided("anna", KEY, null, null, "Teller", "Why", AT);

    assertThat(known.getOutcome()).isEqualTo(IdempotencyRecord.Decision.VOIDED);
    assertThat(known.getVoidedBy()).isEqualTo("Teller");
    assertThat(known.getVoidReason()).isEqualTo("Why");
    assertThat(known.getFingerprint()).isEqualTo(R.fingerprint());
    assertThat(blind.getFingerprint()).isNull();
    assertThat(blind.getRequestCanonical()).isNull();
  }

  @Test
  void aVoidWithoutWhoOrWhyOrWithHalfARequestIsRefused() {
    assertThatThrownBy(() -> IdempotencyRecord.voided("anna", KEY, null, null, " ", "Why", AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IdempotencyRecord.voided("anna", KEY, null, null, "Teller", null, AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> IdempotencyRecord.voided("anna", KEY, null, null, "x".repeat(121), "Why", AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> IdempotencyRecord.voided("anna", KEY, R.fingerprint(), null, "Teller", "Why", AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                IdempotencyRecord.voided("anna", KEY, "not-hex", R.canonicalForm(), "T", "Why", AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IdempotencyRecord.claim("anna", KEY, null, R.canonicalForm(), AT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aVoidIsFinalNothingDecidesTheKeyAgain() {
    IdempotencyRecord v = IdempotencyRecord.voided("anna", KEY, null, null, "Teller", "Why", AT);

    assertThatThrownBy(() -> v.decideRejected(RejectionReason.INSUFFICIENT_FUNDS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("voided");
    assertThatThrownBy(() -> v.decidePosted(null)).isInstanceOf(IllegalStateException.class);
    assertThat(v.getOutcome()).isEqualTo(IdempotencyRecord.Decision.VOIDED);
  }

  @Test
  void referencesAreNumberedConsecutivelyAndAGivenBackReferenceIsNeverRepeated() {
    ReferenceCounter c = new ReferenceCounter();
    assertThat(c.next()).isEqualTo("T-000001");
    assertThat(c.next()).isEqualTo("T-000002");
    c.cover("T-000007");
    assertThat(c.next()).isEqualTo("T-000008");
    c.cover("T-000003"); // below: the counter never goes back
    c.cover("X-99");
    c.cover(null);
    assertThat(c.next()).isEqualTo("T-000009");
    assertThat(ReferenceCounter.number("T-1234567")).hasValue(1_234_567);
    assertThat(ReferenceCounter.number("T-000000")).isEmpty();
    assertThat(ReferenceCounter.number("T-12")).isEmpty();
    assertThat(ReferenceCounter.number(" T-000001")).isEmpty();
  }
}
