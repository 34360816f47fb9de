package com.onceteller.paper;

import com.onceteller.domain.Receipt;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * A receipt as lines of text and as a PDF (80 mm roll width), the same words on screen and paper.
 */
public final class ReceiptPdf {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private ReceiptPdf() {}

  /** The receipt's lines, in order (also what the JavaFX print shows). */
  public static List<String> lines(Receipt r, ZoneId zone) {
    List<String> out = new ArrayList<>();
    out.add("OnceTeller");
    out.add(r.reversalOf() == null ? "TRANSFER RECEIPT" : "REVERSAL RECEIPT");
    if (r.duplicate()) {
      out.add("*** DUPLICATE (copy " + r.copy() + ") ***");
    }
    out.add("Reference:  " + r.reference());
    if (r.reversalOf() != null) {
      out.add("Reverses:   " + r.reversalOf());
    }
    out.add("Date/time:  " + WHEN.format(r.postedAt().atZone(zone)));
    out.add("Business day: " + (r.businessDate() == null ? "-" : r.businessDate().toString()));
    out.add("Teller:     " + r.tellerId());
    out.add("From:       " + r.fromMasked());
    out.add("            " + r.fromHolder());
    out.add("To:         " + r.toMasked());
    out.add("            " + r.toHolder());
    out.add("Amount:     " + r.amount().format());
    out.add("Memo:       " + (r.memo() == null || r.memo().isEmpty() ? "-" : r.memo()));
    out.add("Key:        " + r.keyShort());
    return out;
  }

  /** Writes the receipt as a one-page PDF to {@code file}. */
  public static void write(Receipt r, ZoneId zone, Path file) throws IOException {
    List<PdfText.Line> lines = new ArrayList<>();
    boolean first = true;
    for (String l : lines(r, zone)) {
      lines.add(
          first || l.startsWith("***") ? PdfText.Line.bold(l, 12) : new PdfText.Line(l, 9, false));
      first = false;
    }
    PdfText.write(file, new PDRectangle(226, 340), lines);
  }
}
