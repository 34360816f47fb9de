package com.onceteller.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.branch.ledger.DemoData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountNumbersTest {

  @Test
  void normalizeRemovesSpacesAndUpperCases() {
    assertThat(AccountNumbers.normalize(" de89 3704\u00a00044 0532 0130 00 "))
        .isEqualTo("DE89370400440532013000");
    assertThat(AccountNumbers.normalize(null)).isNull();
  }

  @Test
  void aValidIbanHasNoProblem() {
    assertThat(AccountNumbers.problem("DE89370400440532013000")).isNull();
    assertThat(AccountNumbers.problem("GB82WEST12345698765432")).isNull();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\"\"                              | Choose an account",
        "DE88370400440532013000            | check digits",
        "DE89370400440532013001            | check digits",
        "DE89 3704                         | is not an account number",
        "89DE370400440532013000            | is not an account number",
        "DE89-3704-0044-0532-0130-00       | is not an account number",
        "DE8937040044053201300012345678901234 | at most 34 characters",
      })
  void aWrongNumberIsRefusedWithAMessage(String number, String message) {
    assertThat(AccountNumbers.problem(number)).contains(message);
    assertThat(AccountNumbers.problem(null)).contains("Choose an account");
  }

  @Test
  void withCheckDigitsBuildsValidIbansLikeTheDemoAccounts() {
    assertThat(AccountNumbers.withCheckDigits("DE", "370400440532013000"))
        .isEqualTo("DE89370400440532013000");
    assertThat(DemoData.ACCOUNTS)
        .allSatisfy(a -> assertThat(AccountNumbers.problem(a.number())).isNull());
  }

  @Test
  void prettyGroupsByFour() {
    assertThat(AccountNumbers.pretty("DE89370400440532013000"))
        .isEqualTo("DE89 3704 0044 0532 0130 00");
    assertThat(AccountNumbers.pretty(null)).isEmpty();
  }
}
