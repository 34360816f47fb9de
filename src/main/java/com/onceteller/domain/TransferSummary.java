package com.onceteller.domain;

import java.time.Instant;

/**
 * A posted transfer as the journal shows it, with the teller who posted it and the reversal link:
 * {@code reversalOf} is the reference this transfer reverses, {@code reversedBy} the reference of
 * the reversal that reversed it (each null when there is none).
 */
public record TransferSummary(
    String reference,
    IdempotencyKey key,
    Instant postedAt,
    String fromAccount,
    String toAccount,
    long amountMinor,
    String currency,
    String memo,
    String tellerId,
    String reversalOf,
    String reversedBy) {

  public Money amount() {
    return new Money(amountMinor, currency);
  }
}
