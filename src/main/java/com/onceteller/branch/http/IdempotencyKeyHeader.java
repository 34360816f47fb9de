package com.onceteller.branch.http;

import com.onceteller.domain.IdempotencyKey;

/**
 * The {@code Idempotency-Key} request header of draft-ietf-httpapi-idempotency-key-header-07: an
 * RFC 8941 Structured Field String ({@code "…"}, printable ASCII, {@code \"} and {@code \\} the
 * only escapes), whose content here must be a UUID version 4 or 7.
 */
public final class IdempotencyKeyHeader {

  public static final String NAME = "Idempotency-Key";

  private IdempotencyKeyHeader() {}

  /** A header that is missing or not a key this server accepts; the message says why. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    public Malformed(String message) {
      super(message);
    }
  }

  public static IdempotencyKey parse(String header) throws Malformed {
    if (header == null || header.isBlank()) {
      throw new Malformed(
          "The Idempotency-Key header is missing. Send the transfer's key as a quoted string,"
              + " e.g. Idempotency-Key: \"01890a5d-ac96-774b-bcce-b302099a8057\".");
    }
    String h = header.strip();
    if (h.length() < 2 || h.charAt(0) != '"' || h.charAt(h.length() - 1) != '"') {
      throw new Malformed(
          "The Idempotency-Key must be a Structured Field string: the key in double quotes, e.g."
              + " \"01890a5d-ac96-774b-bcce-b302099a8057\".");
    }
    StringBuilder value = new StringBuilder();
    for (int i = 1; i < h.length() - 1; i++) {
      char c = h.charAt(i);
      if (c == '\\') {
        if (i + 1 >= h.length() - 1 || (h.charAt(i + 1) != '"' && h.charAt(i + 1) != '\\')) {
          throw new Malformed("The Idempotency-Key string has an invalid escape.");
        }
        value.append(h.charAt(++i));
      } else if (c == '"') {
        throw new Malformed("The Idempotency-Key string has an unescaped quote inside.");
      } else if (c < 0x20 || c > 0x7E) {
        throw new Malformed("The Idempotency-Key string may hold printable ASCII only.");
      } else {
        value.append(c);
      }
    }
    try {
      return IdempotencyKey.parse(value.toString());
    } catch (IdempotencyKey.InvalidKeyException e) {
      throw new Malformed("The Idempotency-Key is not accepted: " + e.getMessage());
    }
  }

  /** The header's value for {@code key}. */
  public static String format(IdempotencyKey key) {
    return "\"" + key + "\"";
  }
}
