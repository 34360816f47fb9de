package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.CAFE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.domain.FieldError.Field;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import org.junit.jupiter.api.Test;

/**
 * Text is normalised to Unicode NFC before it is validated and fingerprinted: "é" typed as e +
 * U+0301 (macOS input) is accepted, stored composed, and the same request as "é" typed composed.
 */
class UnicodeNfcTest extends SharedLedgerTest {

  static final String COMPOSED = "Caf\u00e9 cr\u00e8me, Stra\u00dfe";
  static final String DECOMPOSED = "Cafe\u0301 cre\u0300me, Stra\u00dfe";

  @Test
  void aMemoTypedWithCombiningAccentsIsAcceptedAndStoredComposed() {
    IdempotencyKey key = IdempotencyKey.mint();

    TransferOutcome o =
        service.submit(TestActors.TELLER, key, eur(AMELIE, JONAS, 1_234, DECOMPOSED));

    assertThat(o)
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.request().memo()).isEqualTo(COMPOSED));
    assertThat(ledger.queries.transferByKey("anna", key).orElseThrow().memo()).isEqualTo(COMPOSED);
    assertThat(
            probe.text(
                "select request_canonical from idempotency_record where idempotency_key = ?",
                key.value()))
        .contains(COMPOSED)
        .doesNotContain("\u0301");
  }

  @Test
  void theSameKeyWithTheMemoComposedOrDecomposedIsOneRequestAndReplays() {
    IdempotencyKey first = IdempotencyKey.mint();
    var posted =
        (TransferOutcome.Posted)
            service.submit(TestActors.TELLER, first, eur(CAFE, MEHMET, 900, COMPOSED));
    IdempotencyKey second = IdempotencyKey.mint();
    var other =
        (TransferOutcome.Posted)
            service.submit(TestActors.TELLER, second, eur(CAFE, MEHMET, 901, DECOMPOSED));

    assertThat(service.submit(TestActors.TELLER, first, eur(CAFE, MEHMET, 900, DECOMPOSED)))
        .isEqualTo(
            new TransferOutcome.Posted(
                first, posted.reference(), posted.request(), posted.postedAt(), true));
    assertThat(service.submit(TestActors.TELLER, second, eur(CAFE, MEHMET, 901, COMPOSED)))
        .isEqualTo(
            new TransferOutcome.Posted(
                second, other.reference(), other.request(), other.postedAt(), true));
    assertThat(probe.transfers(first)).isEqualTo(1);
    assertThat(probe.transfers(second)).isEqualTo(1);
  }

  @Test
  void aLoneCombiningMarkOrAControlCharacterIsStillRefusedWithAMessage() {
    IdempotencyKey key = IdempotencyKey.mint();
    for (String memo : new String[] {"\u0301Rent", "Rent q\u0301 x", "Cafe\u0301\u0007"}) {
      assertThat(service.submit(TestActors.TELLER, key, eur(AMELIE, JONAS, 100, memo)))
          .as(memo)
          .isInstanceOfSatisfying(
              TransferOutcome.Invalid.class,
              i -> {
                assertThat(i.errors())
                    .singleElement()
                    .extracting(e -> e.field())
                    .isEqualTo(Field.MEMO);
                assertThat(i.summary()).containsAnyOf("combining mark (U+0301)", "U+0007");
              });
    }
    assertThat(probe.records(key)).isZero();
  }

  @Test
  void aRequestStoredBeforeNormalisationStillReplaysWhenItsRetryIsNormalised() {
    // "5 Ω" typed with the ohm sign (U+2126), a letter the validator accepted before V5; NFC maps
    // it to the Greek capital omega (U+03A9). Simulate a record written before normalisation.
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest legacy = eur(JONAS, AMELIE, 505, "Resistor 5 \u2126");
    var posted = (TransferOutcome.Posted) service.submit(TestActors.TELLER, key, legacy);
    assertThat(posted.request().memo()).isEqualTo("Resistor 5 \u03a9");
    probe.update(
        "update idempotency_record set fingerprint = ?, request_canonical = ?"
            + " where idempotency_key = ?",
        legacy.fingerprint(),
        legacy.canonicalForm(),
        key.value());

    assertThat(service.submit(TestActors.TELLER, key, legacy))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class,
            p -> {
              assertThat(p.replayed()).isTrue();
              assertThat(p.reference()).isEqualTo(posted.reference());
            });
    assertThat(service.submit(TestActors.TELLER, key, legacy.withAmount(506)))
        .isInstanceOf(TransferOutcome.KeyReused.class);
    assertThat(probe.transfers(key)).isEqualTo(1);
  }
}
