package com.onceteller.paper;

import com.onceteller.domain.EndOfDayReport;
import com.onceteller.domain.Money;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/** The end-of-day report as lines of text and as an A4 PDF. */
public final class EndOfDayPdf {

  private EndOfDayPdf() {}

  public static List<String> lines(EndOfDayReport r) {
    List<String> out = new ArrayList<>();
    out.add(
        "End of day "
            + r.date()
            + " - "
            + (r.tellerId() == null ? "branch" : "teller " + r.tellerId()));
    out.add(
        r.closed() ? "CLOSED at " + r.closedAt() + " by " + r.closedBy() : "OPEN (not closed yet)");
    out.add("");
    for (EndOfDayReport.CurrencyLine l : r.lines()) {
      out.add(l.currency());
      out.add("  posted            " + tally(l.posted(), l.currency()));
      out.add("  reversed          " + tally(l.reversed(), l.currency()));
      out.add("  rejected          " + tally(l.rejected(), l.currency()));
      out.add("  voided            " + tally(l.voided(), l.currency()));
      out.add("  awaiting approval " + tally(l.awaitingApproval(), l.currency()));
    }
    if (r.lines().isEmpty()) {
      out.add("Nothing was posted.");
    }
    out.add("");
    out.add("Reconciliation proof: " + (r.proof().balanced() ? "BALANCED" : "DOES NOT BALANCE"));
    for (EndOfDayReport.ProofLine p : r.proof().lines()) {
      out.add(
          "  "
              + p.currency()
              + "  held "
              + new Money(p.heldMinor(), p.currency()).format()
              + "  debits "
              + new Money(p.debitsMinor(), p.currency()).format()
              + "  credits "
              + new Money(p.creditsMinor(), p.currency()).format());
    }
    for (String problem : r.proof().problems()) {
      out.add("  ! " + problem);
    }
    if (!r.inDoubt().isEmpty()) {
      out.add("");
      out.add("In-doubt items reported by the desk:");
      for (EndOfDayReport.InDoubtItem i : r.inDoubt()) {
        out.add(
            "  "
                + i.key().shortForm()
                + " "
                + (i.tellerId() == null ? "(earlier version)" : i.tellerId())
                + " "
                + (i.request() == null ? "" : i.request().amount().format())
                + " -> ledger: "
                + i.ledgerState());
      }
    }
    if (!r.awaitingApproval().isEmpty()) {
      out.add("");
      out.add("Awaiting approval:");
      r.awaitingApproval()
          .forEach(
              p ->
                  out.add(
                      "  "
                          + p.key().shortForm()
                          + " "
                          + p.tellerId()
                          + " "
                          + (p.request() == null ? "" : p.request().amount().format())));
    }
    if (!r.blockers().isEmpty()) {
      out.add("");
      out.add("Before the day can close:");
      r.blockers().forEach(b -> out.add("  - " + b));
    }
    return out;
  }

  private static String tally(EndOfDayReport.Tally t, String currency) {
    return t.count()
        + (currency.length() == 3 ? "   " + new Money(t.totalMinor(), currency).format() : "");
  }

  public static void write(EndOfDayReport r, Path file) throws IOException {
    List<PdfText.Line> lines = new ArrayList<>();
    boolean first = true;
    for (String l : lines(r)) {
      lines.add(first ? PdfText.Line.bold(l, 14) : PdfText.Line.of(l));
      first = false;
    }
    PdfText.write(file, PDRectangle.A4, lines);
  }
}
