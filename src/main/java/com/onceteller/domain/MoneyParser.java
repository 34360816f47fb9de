package com.onceteller.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Parses amounts typed the way people write money ("1,234.50", "1 234.50", "12,5", "€ 40") into
 * exact minor units. Refuses what a teller did not mean: signs, scientific notation, more decimals
 * than the currency has, zero, and amounts above {@link TransferLimits#MAX_AMOUNT_MINOR}.
 */
public final class MoneyParser {

  /** Either a parsed amount in minor units or a message that says what is wrong. */
  public record Result(Long minorUnits, String error) {
    public boolean ok() {
      return error == null;
    }

    static Result ok(long minor) {
      return new Result(minor, null);
    }

    static Result error(String message) {
      return new Result(null, message);
    }
  }

  private static final int MAX_INPUT_LENGTH = 40;
  private static final Pattern GROUPED_DOT_DECIMAL =
      Pattern.compile("^\\d{1,3}([, '\u00a0\u202f_]\\d{3})*(\\.\\d+)?$");

  /** Dot-grouped thousands without decimals ("1.000", "12.500.000"): ambiguous. */
  private static final Pattern AMBIGUOUS_DOTS = Pattern.compile("^\\d{1,3}(\\.\\d{3})+$");

  private static final Pattern PLAIN = Pattern.compile("^\\d+(\\.\\d+)?$");
  private static final Pattern COMMA_DECIMAL =
      Pattern.compile("^\\d{1,3}([ .'\u00a0\u202f]\\d{3})*,\\d{1,2}$|^\\d+,\\d{1,2}$");

  private MoneyParser() {}

  public static Result parse(String input, String currency) {
    if (input == null || input.isBlank()) {
      return Result.error("Enter an amount.");
    }
    if (input.length() > MAX_INPUT_LENGTH) {
      return Result.error("The amount is too long to be a transfer amount.");
    }
    String s = input.strip();
    if (currency != null && s.regionMatches(true, 0, currency, 0, currency.length())) {
      s = s.substring(currency.length()).strip();
    }
    s = stripSymbol(s);
    if (s.startsWith("-") || s.startsWith("+") || s.endsWith("-")) {
      return Result.error(
          "Enter the amount without a sign; the direction is given by the accounts.");
    }
    if (s.chars().anyMatch(c -> c == 'e' || c == 'E')) {
      return Result.error("Write the amount in plain digits (no scientific notation).");
    }
    int digits = Money.fractionDigits(currency);
    if (AMBIGUOUS_DOTS.matcher(s).matches() && digits < 3) {
      // "1.000" is a thousand to a German teller and one to an English one: never guess.
      return Result.error(
          "\""
              + abbreviate(input)
              + "\" is ambiguous: write "
              + s.replace(".", "")
              + " (or "
              + s.replace('.', ',')
              + ") for thousands, or use a decimal comma or at most "
              + digits
              + " decimals.");
    }
    String normalized;
    if (PLAIN.matcher(s).matches()) {
      normalized = s;
    } else if (GROUPED_DOT_DECIMAL.matcher(s).matches()) {
      normalized = s.replaceAll("[, '\u00a0\u202f_]", "");
    } else if (COMMA_DECIMAL.matcher(s).matches()) {
      normalized = s.replaceAll("[ .'\u00a0\u202f]", "").replace(',', '.');
    } else {
      return Result.error("\"" + abbreviate(input) + "\" is not an amount (example: 1,234.50).");
    }
    BigDecimal value = new BigDecimal(normalized);
    if (value.scale() > digits) {
      // Not even trailing zeros are dropped: "10.500" is not what a teller means by 10.50.
      return Result.error(
          digits == 0
              ? currency + " has no decimals."
              : "Use at most "
                  + digits
                  + " decimals for "
                  + (currency == null ? "this currency" : currency)
                  + ".");
    }
    BigDecimal minor = value.setScale(digits, RoundingMode.UNNECESSARY).movePointRight(digits);
    if (minor.signum() == 0) {
      return Result.error("The amount must be more than zero.");
    }
    if (minor.compareTo(BigDecimal.valueOf(TransferLimits.MAX_AMOUNT_MINOR)) > 0) {
      return Result.error(
          "The amount is above the single-transfer limit of "
              + new Money(TransferLimits.MAX_AMOUNT_MINOR, currency == null ? "EUR" : currency)
                  .format()
              + ".");
    }
    return Result.ok(minor.longValueExact());
  }

  private static String stripSymbol(String s) {
    for (String symbol : new String[] {"€", "$", "£", "CHF", "Fr."}) {
      if (s.startsWith(symbol)) {
        return s.substring(symbol.length()).strip();
      }
      if (s.endsWith(symbol)) {
        return s.substring(0, s.length() - symbol.length()).strip();
      }
    }
    return s;
  }

  private static String abbreviate(String s) {
    return s.length() <= 20 ? s : s.substring(0, 20) + "…";
  }
}
