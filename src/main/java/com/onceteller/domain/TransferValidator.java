package com.onceteller.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a request's shape without touching the ledger. What fails here is answered as {@link
 * TransferOutcome.Invalid} and never stored, so the teller can correct the form and send it again
 * under the same key.
 */
public final class TransferValidator {

  private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

  private TransferValidator() {}

  public static List<FieldError> validate(TransferRequest r) {
    List<FieldError> errors = new ArrayList<>();
    if (r == null) {
      errors.add(new FieldError(FieldError.Field.AMOUNT, "The request is empty."));
      return errors;
    }
    String fromProblem = AccountNumbers.problem(r.fromAccount());
    if (fromProblem != null) {
      errors.add(new FieldError(FieldError.Field.FROM_ACCOUNT, fromProblem));
    }
    String toProblem = AccountNumbers.problem(r.toAccount());
    if (toProblem != null) {
      errors.add(new FieldError(FieldError.Field.TO_ACCOUNT, toProblem));
    }
    if (fromProblem == null && toProblem == null && r.fromAccount().equals(r.toAccount())) {
      errors.add(
          new FieldError(
              FieldError.Field.TO_ACCOUNT, "The paying and receiving accounts are the same."));
    }
    if (r.amountMinor() <= 0) {
      errors.add(new FieldError(FieldError.Field.AMOUNT, "The amount must be more than zero."));
    } else if (r.amountMinor() > TransferLimits.MAX_AMOUNT_MINOR) {
      errors.add(
          new FieldError(
              FieldError.Field.AMOUNT, "The amount is above the single-transfer limit."));
    }
    if (r.currency() == null || !CURRENCY.matcher(r.currency()).matches()) {
      errors.add(
          new FieldError(
              FieldError.Field.CURRENCY, "The currency must be a three-letter ISO code."));
    }
    String memoProblem = memoProblem(r.memo());
    if (memoProblem != null) {
      errors.add(new FieldError(FieldError.Field.MEMO, memoProblem));
    }
    return errors;
  }

  /**
   * Memos travel on to other banks, so they follow the conservative payment character set (SWIFT
   * "x" set widened to Unicode letters): letters, digits, space and {@code / - ? : ( ) . , ' + &
   * #}. Control characters, invisible direction marks and SQL-looking punctuation are refused.
   *
   * <p>The memo is judged in Unicode NFC ({@link FreeText#nfc}), the form the service stores: "é"
   * typed as e + U+0301 is one letter and accepted; a combining mark that composes with nothing
   * stays refused (no precomposed letter exists for it, and a lone mark travels badly).
   */
  public static String memoProblem(String raw) {
    String memo = FreeText.nfc(raw);
    if (memo == null || memo.isEmpty()) {
      return null;
    }
    if (memo.length() > TransferLimits.MAX_MEMO_LENGTH) {
      return "The memo has "
          + memo.length()
          + " characters; at most "
          + TransferLimits.MAX_MEMO_LENGTH
          + " are allowed.";
    }
    if (!memo.equals(memo.strip())) {
      return "The memo starts or ends with spaces.";
    }
    for (int i = 0; i < memo.length(); ) {
      int cp = memo.codePointAt(i);
      if (!allowedInMemo(cp)) {
        return "The memo may hold letters, digits, spaces and / - ? : ( ) . , ' + & # only; "
            + describe(cp)
            + " is not allowed.";
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  /**
   * A line of free text a person gives the ledger with a decision (who abandoned a transfer, why, a
   * note on a restored posting), judged in the form it will be stored: NFC, without surrounding
   * space ({@link FreeText#line}). It must be there, fit its column, and hold no control characters
   * or invisible formatting marks (they hide text in logs and on screens). Returns a message naming
   * {@code what}, or null.
   */
  public static String lineProblem(String what, String raw, int maxLength) {
    String text = FreeText.line(raw);
    if (text == null || text.isEmpty()) {
      return what + " is missing.";
    }
    if (text.length() > maxLength) {
      return what + " has " + text.length() + " characters; at most " + maxLength + " are allowed.";
    }
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int type = Character.getType(cp);
      if (Character.isISOControl(cp)
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.SURROGATE
          || type == Character.UNASSIGNED
          || type == Character.PRIVATE_USE) {
        return what + " may not contain " + describe(cp) + ".";
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  private static boolean allowedInMemo(int cp) {
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    return cp == ' ' || "/-?:().,'+&#".indexOf(cp) >= 0;
  }

  private static String describe(int cp) {
    if (Character.isISOControl(cp)) {
      return String.format("a control character (U+%04X)", cp);
    }
    int type = Character.getType(cp);
    if (type == Character.FORMAT) {
      return String.format("an invisible formatting mark (U+%04X)", cp);
    }
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      return String.format("a special space (U+%04X)", cp);
    }
    if (type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK) {
      return String.format(
          "a combining mark (U+%04X) that does not form one letter with the character before it",
          cp);
    }
    if (type == Character.SURROGATE) {
      return String.format("a broken character (lone surrogate U+%04X)", cp);
    }
    if (type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
      return String.format("an unassigned or private character (U+%04X)", cp);
    }
    return "\"" + new String(Character.toChars(cp)) + "\"";
  }
}
