package com.onceteller.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.domain.FieldError.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransferValidatorTest {

  static final String A = "DE89370400440532013000";
  static final String B = "DE44500105175407324931";

  static TransferRequest req(String from, String to, long amount, String currency, String memo) {
    return new TransferRequest(from, to, amount, currency, memo);
  }

  @Test
  void aWellFormedRequestHasNoErrors() {
    assertThat(TransferValidator.validate(req(A, B, 1, "EUR", "Rent März, flat 3/2 (Müller)")))
        .isEmpty();
    assertThat(TransferValidator.validate(req(A, B, TransferLimits.MAX_AMOUNT_MINOR, "EUR", null)))
        .isEmpty();
  }

  @Test
  void everyWrongFieldIsReportedAtOnceTiedToItsField() {
    assertThat(TransferValidator.validate(req("nope", "", 0, "eu", "bad\u0000memo")))
        .extracting(FieldError::field)
        .containsExactly(
            Field.FROM_ACCOUNT, Field.TO_ACCOUNT, Field.AMOUNT, Field.CURRENCY, Field.MEMO);
  }

  @Test
  void anEmptyRequestIsAnError() {
    assertThat(TransferValidator.validate(null)).hasSize(1);
  }

  @Test
  void theSameAccountOnBothSidesIsRefused() {
    assertThat(TransferValidator.validate(req(A, A, 100, "EUR", "")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo(Field.TO_ACCOUNT);
              assertThat(e.message()).contains("the same");
            });
  }

  @Test
  void amountsOutsideOneMinorUnitToTheLimitAreRefused() {
    for (long amount :
        new long[] {0, -1, Long.MIN_VALUE, TransferLimits.MAX_AMOUNT_MINOR + 1, Long.MAX_VALUE}) {
      assertThat(TransferValidator.validate(req(A, B, amount, "EUR", "")))
          .as("amount %d", amount)
          .extracting(FieldError::field)
          .containsExactly(Field.AMOUNT);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "eur", "EURO", "E1R", "€"})
  void aCurrencyMustBeThreeCapitalLetters(String currency) {
    assertThat(TransferValidator.validate(req(A, B, 100, currency, "")))
        .extracting(FieldError::field)
        .containsExactly(Field.CURRENCY);
  }

  @Test
  void memoRulesExplainWhatIsWrong() {
    assertThat(TransferValidator.memoProblem("x".repeat(141))).contains("141 characters");
    assertThat(TransferValidator.memoProblem("x".repeat(140))).isNull();
    assertThat(TransferValidator.memoProblem(" leading")).contains("spaces");
    assertThat(TransferValidator.memoProblem("bell\u0007")).contains("control character (U+0007)");
    assertThat(TransferValidator.memoProblem("abc\u202Edef"))
        .contains("invisible formatting mark (U+202E)");
    assertThat(TransferValidator.memoProblem("a\u2007b")).contains("special space (U+2007)");
    assertThat(TransferValidator.memoProblem("x'; drop table account; --")).contains("\";\"");
    assertThat(TransferValidator.memoProblem("rent \uD83D\uDE00")).contains("not allowed");
    assertThat(TransferValidator.memoProblem("Invoice #12/2025: fee (net) + tax & co.")).isNull();
  }

  @Test
  void aMemoIsJudgedInNfcSoCombiningAccentsThatFormALetterAreAccepted() {
    assertThat(TransferValidator.memoProblem("Cafe\u0301 Mu\u0308ller")).isNull();
    assertThat(TransferValidator.validate(req(A, B, 1, "EUR", "Cre\u0300me bru\u0302le\u0301e")))
        .isEmpty();
    // 140 letters typed decomposed are 280 chars, but 140 once composed: the limit is on NFC.
    assertThat(TransferValidator.memoProblem("e\u0301".repeat(140))).isNull();
    assertThat(TransferValidator.memoProblem("e\u0301".repeat(141))).contains("141 characters");
  }

  @Test
  void aCombiningMarkThatFormsNoLetterAndControlCharactersAreStillRefused() {
    assertThat(TransferValidator.memoProblem("\u0301abc"))
        .contains("combining mark (U+0301)")
        .contains("does not form one letter");
    assertThat(TransferValidator.memoProblem("q\u0301")).contains("combining mark (U+0301)");
    assertThat(TransferValidator.memoProblem("Cafe\u0301\u0000"))
        .contains("control character (U+0000)");
    assertThat(TransferValidator.memoProblem("Cafe\u0301\u200B")).contains("U+200B");
  }

  @Test
  void aLineOfFreeTextMustBeThereFitAndHoldNoControlOrFormattingCharacters() {
    assertThat(TransferValidator.lineProblem("The reason", " Kunde storniert ", 20)).isNull();
    assertThat(TransferValidator.lineProblem("The reason", "Rene\u0301", 5)).isNull();
    assertThat(TransferValidator.lineProblem("The reason", null, 20))
        .isEqualTo("The reason is missing.");
    assertThat(TransferValidator.lineProblem("The reason", " \t ", 20))
        .isEqualTo("The reason is missing.");
    assertThat(TransferValidator.lineProblem("The reason", "x".repeat(21), 20))
        .contains("21 characters; at most 20");
    assertThat(TransferValidator.lineProblem("The reason", "a\nb", 20))
        .contains("control character (U+000A)");
    assertThat(TransferValidator.lineProblem("The reason", "a\u202Eb", 20))
        .contains("invisible formatting mark (U+202E)");
    assertThat(TransferValidator.lineProblem("The reason", "a\u2028b", 20)).contains("U+2028");
    assertThat(TransferValidator.lineProblem("The reason", "a\uD800b", 20))
        .contains("lone surrogate");
  }
}
