package com.onceteller.domain;

import java.time.Instant;

/** A posted transfer as the journal shows it. */
public record TransferSummary(
    String reference,
    IdempotencyKey key,
    Instant postedAt,
    String fromAccount,
    String toAccount,
    long amountMinor,
    String currency,
    String memo) {

  public Money amount() {
    return new Money(amountMinor, currency);
  }
}
