package com.onceteller.domain;

/** A role's limits in one currency, in minor units: per transfer, and per teller per day. */
public record TellerLimit(Role role, String currency, long perTransferMinor, long dailyMinor) {

  public Money perTransfer() {
    return new Money(perTransferMinor, currency);
  }

  public Money daily() {
    return new Money(dailyMinor, currency);
  }
}
