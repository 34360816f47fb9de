package com.onceteller.domain;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/** An exact amount in integer minor units (cents) of an ISO 4217 currency. Never a double. */
public record Money(long minorUnits, String currency) {

  public Money {
    Objects.requireNonNull(currency, "currency");
  }

  public BigDecimal toDecimal() {
    return BigDecimal.valueOf(minorUnits, fractionDigits(currency));
  }

  /** "EUR 1,234.50" in the given locale's grouping, with the currency's own number of decimals. */
  public String format(Locale locale) {
    NumberFormat nf = NumberFormat.getNumberInstance(locale);
    int digits = fractionDigits(currency);
    nf.setMinimumFractionDigits(digits);
    nf.setMaximumFractionDigits(digits);
    return currency + " " + nf.format(toDecimal());
  }

  public String format() {
    return format(Locale.US);
  }

  /** Decimals of an ISO currency (2 for EUR/USD/CHF/GBP, 0 for JPY); 2 for unknown codes. */
  public static int fractionDigits(String currencyCode) {
    try {
      int d = Currency.getInstance(currencyCode).getDefaultFractionDigits();
      return d < 0 ? 2 : d;
    } catch (IllegalArgumentException | NullPointerException e) {
      return 2;
    }
  }

  @Override
  public String toString() {
    return format();
  }
}
