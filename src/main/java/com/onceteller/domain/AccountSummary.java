package com.onceteller.domain;

/** An account as the UI shows it: an immutable snapshot, never a managed entity. */
public record AccountSummary(
    String number, String holder, String currency, long balanceMinor, AccountStatus status) {

  public Money balance() {
    return new Money(balanceMinor, currency);
  }

  public String prettyNumber() {
    return AccountNumbers.pretty(number);
  }
}
