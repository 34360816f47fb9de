package com.onceteller.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records the ledger answers with cannot say contradictory things. */
class KeyStatusAndRestoreResultTest {

  static final IdempotencyKey KEY = IdempotencyKey.mint();
  static final Instant AT = Instant.parse("2025-03-14T10:00:00Z");
  static final TransferRequest R =
      new TransferRequest("DE89370400440532013000", "DE44500105175407324931", 1, "EUR", "");

  @Test
  void eachStateCarriesItsOwnFieldsAndNoOthers() {
    assertThat(KeyStatus.posted(KEY, "T-000001", AT, R).state()).isEqualTo(KeyStatus.State.POSTED);
    assertThat(KeyStatus.unknown(KEY).decidedAt()).isNull();
    assertThatThrownBy(() -> KeyStatus.posted(KEY, null, AT, R))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyStatus.posted(KEY, "T-000001", AT, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyStatus.rejected(KEY, null, AT, R))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyStatus.voided(KEY, "Teller", null, AT, R))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyStatus.voided(KEY, "Teller", "Why", null, R))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new KeyStatus(
                    KEY,
                    KeyStatus.State.UNKNOWN,
                    null,
                    null,
                    null,
                    RejectionReason.INSUFFICIENT_FUNDS,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRestoreThatPostedNamesItsReferenceAndIncident() {
    TransferOutcome posted = new TransferOutcome.Posted(KEY, "T-000004", R, AT, false);
    assertThat(new RestoreResult(KEY, true, "T-000004", true, 7L, posted, "done").retryable())
        .isFalse();
    assertThatThrownBy(() -> new RestoreResult(KEY, true, "T-000004", true, null, posted, "done"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            new RestoreResult(
                    KEY,
                    false,
                    null,
                    false,
                    null,
                    new TransferOutcome.InProgress(KEY, "busy"),
                    "not yet")
                .retryable())
        .isTrue();
  }

  @Test
  void freeTextIsBroughtToNfcOnlyNfc() {
    assertThat(FreeText.nfc("Cafe\u0301")).isEqualTo("Caf\u00e9");
    assertThat(FreeText.nfc(" a ")).isEqualTo(" a ");
    assertThat(FreeText.nfc(null)).isNull();
    assertThat(FreeText.line("  Rene\u0301 ")).isEqualTo("Ren\u00e9");
    // Compatibility forms are not folded (that would be NFKC): the fullwidth A stays.
    assertThat(FreeText.nfc("\uFF21")).isEqualTo("\uFF21");
    assertThat(List.of("\u212B", "\u2126")).map(FreeText::nfc).containsExactly("\u00c5", "\u03a9");
  }
}
