package com.onceteller.paper;

import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Writes lines of text to a PDF with PDFBox (A4 or a receipt roll), in Helvetica, which every PDF
 * reader has. Helvetica's WinAnsi encoding lacks some letters (ı, ł, €…): those are written without
 * their accents, or as "?", rather than failing the document.
 */
final class PdfText {

  /** One line: text, size, bold. */
  record Line(String text, float size, boolean bold) {
    static Line of(String text) {
      return new Line(text, 10, false);
    }

    static Line bold(String text, float size) {
      return new Line(text, size, true);
    }
  }

  private PdfText() {}

  static void write(Path file, PDRectangle pageSize, List<Line> lines) throws IOException {
    PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    float margin = 28;
    try (PDDocument doc = new PDDocument()) {
      List<Line> left = new ArrayList<>(lines);
      while (!left.isEmpty()) {
        PDPage page = new PDPage(pageSize);
        doc.addPage(page);
        float y = pageSize.getHeight() - margin;
        try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
          while (!left.isEmpty() && y > margin + left.get(0).size()) {
            Line l = left.remove(0);
            y -= l.size() * 1.45f;
            PDType1Font font = l.bold() ? bold : regular;
            out.beginText();
            out.setFont(font, l.size());
            out.newLineAtOffset(margin, y);
            out.showText(encodable(font, l.text()));
            out.endText();
          }
        }
      }
      doc.save(file.toFile());
    }
  }

  /** {@code text} with what the font cannot encode replaced (accents dropped, else "?"). */
  static String encodable(PDType1Font font, String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              String c = new String(Character.toChars(cp));
              if (canEncode(font, c)) {
                sb.append(c);
                return;
              }
              if (cp == '•') {
                sb.append('*');
                return;
              }
              String bare = Normalizer.normalize(c, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
              sb.append(!bare.isEmpty() && canEncode(font, bare) ? bare : "?");
            });
    return sb.toString();
  }

  private static boolean canEncode(PDType1Font font, String c) {
    try {
      font.encode(c);
      return true;
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }
}
