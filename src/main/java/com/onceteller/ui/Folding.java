package com.onceteller.ui;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text folded for searching the way tellers type: case, accents and a few letters without a
 * decomposition (ı, ß, ø, æ, ł, đ) do not matter, so "Yilmaz" finds "Yılmaz" and "Cafe" "Café".
 */
public final class Folding {

  private Folding() {}

  public static String fold(String s) {
    if (s == null) {
      return "";
    }
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    StringBuilder sb = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      switch (c) {
        case 'ı', 'İ' -> sb.append('i');
        case 'ß' -> sb.append("ss");
        case 'ø', 'Ø' -> sb.append('o');
        case 'æ', 'Æ' -> sb.append("ae");
        case 'œ', 'Œ' -> sb.append("oe");
        case 'ł', 'Ł' -> sb.append('l');
        case 'đ', 'Đ' -> sb.append('d');
        default -> sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  /** True when {@code text} contains {@code part}, both folded. */
  public static boolean contains(String text, String part) {
    return fold(text).contains(fold(part));
  }
}
