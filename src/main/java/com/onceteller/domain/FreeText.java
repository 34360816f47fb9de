package com.onceteller.domain;

import java.text.Normalizer;

/**
 * The one place where text people type is brought to a single form before it is validated,
 * fingerprinted or stored. Unicode lets "é" arrive as one code point (U+00E9, most keyboards) or as
 * "e" + U+0301 (macOS input, copied text); both are the same letter to a teller, so both must be
 * the same request. NFC (canonical composition) is the form the W3C recommends for interchange and
 * what most text already is, so normalising rarely changes anything a user sees.
 */
public final class FreeText {

  private FreeText() {}

  /** The text in Unicode NFC; null stays null. Nothing else changes (no trimming, no case). */
  public static String nfc(String text) {
    if (text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
      return text;
    }
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }

  /** A single line a person typed (a name, a reason): NFC, without surrounding white space. */
  public static String line(String text) {
    return text == null ? null : nfc(text).strip();
  }
}
