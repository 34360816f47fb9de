package com.onceteller.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour 7: keys are UUIDs of version 4 or 7; anything else is a clear validation error. */
class IdempotencyKeyTest {

  @Test
  void aVersion4KeyIsAccepted() {
    String v4 = UUID.randomUUID().toString();

    assertThat(IdempotencyKey.parse(v4).value()).isEqualTo(UUID.fromString(v4));
  }

  @Test
  void aVersion7KeyIsAcceptedInEitherCase() {
    String v7 = "0190f1c2-7a3b-7cde-8f01-23456789abcd";

    assertThat(IdempotencyKey.parse(v7).value().version()).isEqualTo(7);
    assertThat(IdempotencyKey.parse(v7.toUpperCase())).isEqualTo(IdempotencyKey.parse(v7));
    assertThat(IdempotencyKey.parse(v7).toString()).isEqualTo(v7);
  }

  @Test
  void mintGivesDistinctRfcVersion7KeysCarryingTheCurrentTime() {
    Set<UUID> seen = new HashSet<>();
    long before = System.currentTimeMillis();
    for (int i = 0; i < 10_000; i++) {
      UUID u = IdempotencyKey.mint().value();
      assertThat(u.version()).isEqualTo(7);
      assertThat(u.variant()).isEqualTo(2);
      assertThat(seen.add(u)).isTrue();
    }
    long after = System.currentTimeMillis();
    long embedded = IdempotencyKey.mint().value().getMostSignificantBits() >>> 16;
    assertThat(embedded).isBetween(before, after + 60_000);
    String text = IdempotencyKey.mint().toString();
    assertThat(IdempotencyKey.parse(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "version 1 (time-based)| 6ba7b810-9dad-11d1-80b4-00c04fd430c8 | version 4 or 7, not version 1",
        "version 3             | a3bb189e-8bf9-3888-9912-ace4e6543002 | version 4 or 7, not version 3",
        "nil UUID              | 00000000-0000-0000-0000-000000000000 | not an RFC 9562 UUID",
        "max UUID              | ffffffff-ffff-ffff-ffff-ffffffffffff | not an RFC 9562 UUID",
        "v4 digits, wrong variant | 9b2d5c3e-1f4a-4c6b-c8d7-0e1f2a3b4c5d | not an RFC 9562 UUID",
        "garbage               | hello-world                          | not a UUID",
        "over-long             | 0190f1c2-7a3b-7cde-8f01-23456789abcd0 | not a UUID",
        "braces                | {0190f1c2-7a3b-7cde-8f01-23456789abcd} | not a UUID",
        "no dashes             | 0190f1c27a3b7cde8f0123456789abcd     | not a UUID",
        "non-hex               | 0190f1c2-7a3b-7cde-8f01-23456789abcg | not a UUID",
        "surrounding space     | \" 0190f1c2-7a3b-7cde-8f01-23456789abc\" | not a UUID",
        "very long             | 0190f1c2-7a3b-7cde-8f01-23456789abcd0190f1c2-7a3b-7cde-8f01 | not a UUID",
      })
  void anythingElseIsRefusedWithAClearMessage(String what, String text, String message) {
    assertThatThrownBy(() -> IdempotencyKey.parse(text))
        .isInstanceOf(IdempotencyKey.InvalidKeyException.class)
        .hasMessageContaining(message);
  }

  @Test
  void anEmptyOrMissingKeyIsRefusedAsMissing() {
    for (String text : new String[] {null, "", "   "}) {
      assertThatThrownBy(() -> IdempotencyKey.parse(text))
          .isInstanceOf(IdempotencyKey.InvalidKeyException.class)
          .hasMessage("The idempotency key is missing.");
    }
  }

  @Test
  void aKeyCannotBeBuiltFromAnUnacceptedUuidInCodeEither() {
    assertThatThrownBy(
            () -> new IdempotencyKey(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdempotencyKey(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theShortFormIsTheLastEightHexDigits() {
    assertThat(IdempotencyKey.parse("0190f1c2-7a3b-7cde-8f01-23456789abcd").shortForm())
        .isEqualTo("…6789abcd");
  }
}
