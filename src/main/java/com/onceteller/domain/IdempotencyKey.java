package com.onceteller.domain;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The machine identity of one transfer intent. Minted once by the client when the form opens and
 * re-sent on every attempt; never minted per attempt. Only RFC 9562 UUIDs of version 4 or 7 are
 * accepted, in the canonical 36-character form, so a key typed or pasted wrongly is refused early.
 */
public record IdempotencyKey(UUID value) {

  private static final Pattern CANONICAL =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final SecureRandom RANDOM = new SecureRandom();

  public IdempotencyKey {
    Objects.requireNonNull(value, "value");
    if (!isAcceptedVersion(value)) {
      throw new IllegalArgumentException("idempotency key must be a UUID v4 or v7: " + value);
    }
  }

  /** Mints a new UUIDv7 key: time-ordered, so fresh keys land at the end of the unique index. */
  public static IdempotencyKey mint() {
    long millis = System.currentTimeMillis();
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new IdempotencyKey(new UUID(msb, lsb));
  }

  /**
   * Parses a key from text, refusing anything that is not a canonical UUID v4/v7.
   *
   * @throws InvalidKeyException with a message a teller can read
   */
  public static IdempotencyKey parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidKeyException("The idempotency key is missing.");
    }
    if (text.length() != 36 || !CANONICAL.matcher(text).matches()) {
      throw new InvalidKeyException(
          "The idempotency key is not a UUID (expected 36 characters like"
              + " 0190f1c2-7a3b-7cde-8f01-23456789abcd).");
    }
    UUID uuid = UUID.fromString(text);
    if (uuid.variant() != 2) {
      throw new InvalidKeyException(
          "The idempotency key is not an RFC 9562 UUID (its variant digit, the first of the"
              + " fourth group, must be 8, 9, a or b).");
    }
    if (!isAcceptedVersion(uuid)) {
      throw new InvalidKeyException(
          "The idempotency key must be a UUID of version 4 or 7, not version "
              + uuid.version()
              + ".");
    }
    return new IdempotencyKey(uuid);
  }

  private static boolean isAcceptedVersion(UUID uuid) {
    return (uuid.version() == 4 || uuid.version() == 7) && uuid.variant() == 2;
  }

  /** The last 8 hex digits, enough for a teller to read aloud and compare. */
  public String shortForm() {
    String s = value.toString();
    return "…" + s.substring(s.length() - 8);
  }

  @Override
  public String toString() {
    return value.toString();
  }

  /** A key that is not a well-formed UUID v4/v7. */
  public static final class InvalidKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
      super(message);
    }
  }
}
