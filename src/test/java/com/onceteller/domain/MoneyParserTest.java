package com.onceteller.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyParserTest {

  @ParameterizedTest(name = "{0} {1} = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "1,234.50      | EUR | 123450",
        "1 234.50      | EUR | 123450",
        "1234.5        | EUR | 123450",
        "12,5          | EUR | 1250",
        "1.234,56      | EUR | 123456",
        "1'234.56      | CHF | 123456",
        "€ 40          | EUR | 4000",
        "40 €          | EUR | 4000",
        "$7.25         | USD | 725",
        "EUR 12.00     | EUR | 1200",
        "eur 12        | EUR | 1200",
        "0.01          | EUR | 1",
        "1,234         | EUR | 123400",
        "1000          | JPY | 1000",
        "1000000000.00 | EUR | 100000000000",
        "\" 99.99 \"   | USD | 9999",
      })
  void amountsTypedTheWayPeopleWriteMoneyParseToExactMinorUnits(
      String input, String currency, long minor) {
    MoneyParser.Result r = MoneyParser.parse(input, currency);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.minorUnits()).isEqualTo(minor);
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\"\"              | EUR | Enter an amount",
        "\"   \"           | EUR | Enter an amount",
        "0                 | EUR | more than zero",
        "0.00              | EUR | more than zero",
        "-5                | EUR | without a sign",
        "+5                | EUR | without a sign",
        "5-                | EUR | without a sign",
        "1e3               | EUR | scientific notation",
        "12.345            | EUR | ambiguous",
        "1.234             | EUR | ambiguous",
        "1.000             | EUR | ambiguous",
        "1.500             | EUR | ambiguous",
        "€1.000            | EUR | ambiguous",
        "1.000.000         | EUR | ambiguous",
        "1.000             | JPY | ambiguous",
        "10.500            | EUR | at most 2 decimals",
        "12.3456           | EUR | at most 2 decimals",
        "12.340            | EUR | ambiguous",
        "1234.500          | EUR | at most 2 decimals",
        "10.5              | JPY | JPY has no decimals",
        "1000000000.01     | EUR | single-transfer limit",
        "99999999999999999999 | EUR | single-transfer limit",
        "abc               | EUR | is not an amount",
        "12..5             | EUR | is not an amount",
        "1,2,3             | EUR | is not an amount",
        "0x10              | EUR | is not an amount",
        "12.               | EUR | is not an amount",
        "1234567890123456789012345678901234567890123 | EUR | too long",
      })
  void whatATellerDidNotMeanIsRefusedWithAMessage(String input, String currency, String message) {
    MoneyParser.Result r = MoneyParser.parse(input, currency);

    assertThat(r.ok()).isFalse();
    assertThat(r.minorUnits()).isNull();
    assertThat(r.error()).contains(message);
  }
}
