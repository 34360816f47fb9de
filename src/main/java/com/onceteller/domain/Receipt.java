package com.onceteller.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A receipt (advice) for a posting or a reversal, as printed and saved: accounts masked to their
 * country, check digits and last four characters; the key only in its short form. Copies after the
 * first are DUPLICATE.
 */
public record Receipt(
    String reference,
    Instant postedAt,
    LocalDate businessDate,
    String tellerId,
    String fromMasked,
    String fromHolder,
    String toMasked,
    String toHolder,
    Money amount,
    String memo,
    String keyShort,
    String reversalOf,
    int copy) {

  public boolean duplicate() {
    return copy > 1;
  }

  /** "DE89 •••• •••• •••• •••• 3000": who reads a receipt needs the account, not its number. */
  public static String mask(String accountNumber) {
    if (accountNumber == null || accountNumber.length() < 8) {
      return "••••";
    }
    String n = accountNumber;
    StringBuilder sb = new StringBuilder(n.substring(0, 4));
    int hidden = n.length() - 8;
    for (int i = 0; i < hidden; i += 4) {
      sb.append(" ••••");
    }
    return sb.append(' ').append(n.substring(n.length() - 4)).toString();
  }
}
