package com.onceteller.branch.service;

import com.onceteller.TestLedger;
import com.onceteller.domain.TransferRequest;

/** Requests between the demo accounts (0–7 EUR, 8–11 USD; 5 frozen, 7 closed, 3 almost empty). */
final class Requests {

  static final int AMELIE = 0;
  static final int JONAS = 1;
  static final int CAFE = 2;
  static final int LEONIE = 3;
  static final int MEHMET = 4;
  static final int SOFIA_FROZEN = 5;
  static final int BAECKEREI = 6;
  static final int HENRIK_CLOSED = 7;
  static final int GRACE_USD = 8;
  static final int DANIEL_USD = 9;

  private Requests() {}

  static TransferRequest eur(int from, int to, long amountMinor, String memo) {
    return new TransferRequest(
        TestLedger.number(from), TestLedger.number(to), amountMinor, "EUR", memo);
  }

  static TransferRequest eur(int from, int to, long amountMinor) {
    return eur(from, to, amountMinor, "Rent March");
  }

  static TransferRequest usd(int from, int to, long amountMinor) {
    return new TransferRequest(
        TestLedger.number(from), TestLedger.number(to), amountMinor, "USD", "Invoice 42");
  }
}
