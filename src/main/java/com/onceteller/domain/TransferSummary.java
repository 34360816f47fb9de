package com.onceteller.domain;

import java.time.Instant;

/** A posted transfer as the journal shows it, with the teller who posted it. */
public record TransferSummary(
    String reference,
    IdempotencyKey key,
    Instant postedAt,
    String fromAccount,
    String toAccount,
    long amountMinor,
    String currency,
    String memo,
    String tellerId) {

  public Money amount() {
    return new Money(amountMinor, currency);
  }
}
