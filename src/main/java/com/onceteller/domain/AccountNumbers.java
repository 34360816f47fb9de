package com.onceteller.domain;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Account numbers are IBANs: two letters, two check digits, up to 30 letters or digits. Tellers may
 * type them with spaces or in lower case; the ISO 13616 mod-97 check catches most typos.
 */
public final class AccountNumbers {

  private static final Pattern IBAN = Pattern.compile("^[A-Z]{2}[0-9]{2}[A-Z0-9]{4,30}$");

  private AccountNumbers() {}

  /** Upper-cases and removes spaces; returns null for null. */
  public static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    return raw.replace(" ", "").replace("\u00a0", "").toUpperCase(Locale.ROOT);
  }

  /** A message saying what is wrong with a normalized account number, or null if it is valid. */
  public static String problem(String normalized) {
    if (normalized == null || normalized.isEmpty()) {
      return "Choose an account.";
    }
    if (normalized.length() > TransferLimits.MAX_ACCOUNT_NUMBER_LENGTH) {
      return "An account number has at most "
          + TransferLimits.MAX_ACCOUNT_NUMBER_LENGTH
          + " characters.";
    }
    if (!IBAN.matcher(normalized).matches()) {
      return "\""
          + abbreviate(normalized)
          + "\" is not an account number (IBAN, e.g. DE89 3704 0044 0532 0130 00).";
    }
    if (!checksumOk(normalized)) {
      return "The check digits of " + normalized + " do not match: probably a typo.";
    }
    return null;
  }

  /** Builds a valid IBAN from a country code and a national account part (for demo data). */
  public static String withCheckDigits(String country, String bban) {
    BigInteger n = new BigInteger(numeric(bban + country + "00"));
    int check = 98 - n.mod(BigInteger.valueOf(97)).intValue();
    return country + String.format(Locale.ROOT, "%02d", check) + bban;
  }

  /** "DE89370400440532013000" as "DE89 3704 0044 0532 0130 00". */
  public static String pretty(String normalized) {
    if (normalized == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < normalized.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append(' ');
      }
      sb.append(normalized.charAt(i));
    }
    return sb.toString();
  }

  private static boolean checksumOk(String iban) {
    String rearranged = iban.substring(4) + iban.substring(0, 4);
    return new BigInteger(numeric(rearranged)).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  private static String numeric(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(Character.isLetter(c) ? Integer.toString(c - 'A' + 10) : String.valueOf(c));
    }
    return sb.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 24 ? s : s.substring(0, 24) + "…";
  }
}
