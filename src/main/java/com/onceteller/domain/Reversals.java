package com.onceteller.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What a reversal is as a request: the original's transfer turned around, with the memo "Reversal
 * of T-000123", and a fingerprint of its own ({@code reversal/v1|of:…|} before the transfer's
 * canonical form), so a reversal and a plain transfer with the same fields never count as the same
 * request under one key.
 */
public final class Reversals {

  private static final Pattern REFERENCE = Pattern.compile("^T-[0-9]{6,14}$");

  private Reversals() {}

  /** A message saying what is wrong with a typed reference, or null. */
  public static String referenceProblem(String reference) {
    if (reference == null || reference.isBlank()) {
      return "Which posting to reverse is missing.";
    }
    if (!REFERENCE.matcher(reference.strip()).matches()) {
      return "\"" + FreeText.line(reference) + "\" is not a reference (like T-000123).";
    }
    return null;
  }

  /** The reversal of {@code original} (posted under {@code reference}) as a transfer request. */
  public static TransferRequest request(String reference, TransferRequest original) {
    return new TransferRequest(
        original.toAccount(),
        original.fromAccount(),
        original.amountMinor(),
        original.currency(),
        memo(reference));
  }

  public static String memo(String reference) {
    return "Reversal of " + reference;
  }

  /** The fingerprint of a reversal of {@code reference} as {@code request}. */
  public static String fingerprint(String reference, TransferRequest request) {
    String text =
        "reversal/v1|of:" + reference.length() + "=" + reference + "|" + request.canonicalForm();
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
