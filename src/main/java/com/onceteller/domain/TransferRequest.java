package com.onceteller.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What the teller asked for: move {@code amountMinor} of {@code currency} from one account to
 * another, with a memo. Carries no validation in its constructor so that bad input can reach the
 * validator and be answered with a message; see {@link TransferValidator}.
 */
public record TransferRequest(
    String fromAccount, String toAccount, long amountMinor, String currency, String memo) {

  /** The memo as stored: never null, so "" and null fingerprint the same. */
  public String memoOrEmpty() {
    return memo == null ? "" : memo;
  }

  /**
   * The request as the service validates, fingerprints and stores it: account numbers without
   * spaces and in upper case, the currency trimmed and in upper case, the memo in Unicode NFC
   * ({@link FreeText#nfc}) and never null. Two requests a teller would call the same normalise to
   * equal records, so they fingerprint the same. Idempotent.
   */
  public TransferRequest normalized() {
    return new TransferRequest(
        AccountNumbers.normalize(fromAccount),
        AccountNumbers.normalize(toAccount),
        amountMinor,
        currency == null ? null : currency.strip().toUpperCase(Locale.ROOT),
        memo == null ? "" : FreeText.nfc(memo));
  }

  public Money amount() {
    return new Money(amountMinor, currency);
  }

  /**
   * A canonical, unambiguous text of every field: each value is length-prefixed, so no choice of
   * memo can make two different requests produce the same text.
   */
  public String canonicalForm() {
    StringBuilder sb = new StringBuilder("transfer/v1");
    field(sb, "from", fromAccount);
    field(sb, "to", toAccount);
    field(sb, "amount", Long.toString(amountMinor));
    field(sb, "currency", currency);
    field(sb, "memo", memoOrEmpty());
    return sb.toString();
  }

  /** SHA-256 of {@link #canonicalForm()}, hex. Same key + different fingerprint = refused. */
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonicalForm().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Parses {@link #canonicalForm()} back, for showing the original request of a reused key. */
  public static TransferRequest fromCanonicalForm(String text) {
    String[] values = new String[5];
    int pos = "transfer/v1".length();
    for (int i = 0; i < 5; i++) {
      int colon = text.indexOf(':', pos);
      int eq = text.indexOf('=', colon);
      int len = Integer.parseInt(text.substring(colon + 1, eq));
      values[i] = text.substring(eq + 1, eq + 1 + len);
      pos = eq + 1 + len;
    }
    return new TransferRequest(
        values[0], values[1], Long.parseLong(values[2]), values[3], values[4]);
  }

  private static void field(StringBuilder sb, String name, String value) {
    String v = value == null ? "" : value;
    sb.append('|').append(name).append(':').append(v.length()).append('=').append(v);
  }

  public TransferRequest withAmount(long newAmountMinor) {
    return new TransferRequest(fromAccount, toAccount, newAmountMinor, currency, memo);
  }
}
