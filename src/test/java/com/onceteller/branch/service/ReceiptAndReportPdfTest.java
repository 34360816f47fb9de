package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.MEHMET;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.AuditRows;
import com.onceteller.TestActors;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.EndOfDayReport;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Receipt;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.paper.EndOfDayPdf;
import com.onceteller.paper.ReceiptPdf;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts for postings and reversals (masked accounts, holder names, amount, memo, teller, key's
 * short form), a reprint marked DUPLICATE and audited; the end-of-day report as a PDF.
 */
class ReceiptAndReportPdfTest extends SharedLedgerTest {

  @TempDir Path out;

  static String text(Path pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      return new PDFTextStripper().getText(doc);
    }
  }

  @Test
  void theFirstReceiptIsTheOriginalAndEveryReprintIsAnAuditedDuplicate() throws Exception {
    IdempotencyKey key = IdempotencyKey.mint();
    var p =
        (TransferOutcome.Posted)
            service.submit(TestActors.TELLER, key, eur(MEHMET, AMELIE, 12_345, "Invoice 7"));
    ReceiptService receipts = new ReceiptService(service);
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();

    Receipt first = receipts.issue(TestActors.TELLER, p.reference());
    Receipt again = receipts.issue(TestActors.SUPERVISOR, p.reference());

    assertThat(first.duplicate()).isFalse();
    assertThat(first.copy()).isEqualTo(1);
    assertThat(first.fromHolder()).isEqualTo("Mehmet Yılmaz");
    assertThat(first.fromMasked()).startsWith("DE").endsWith("4332").contains("••••");
    assertThat(first.fromMasked()).doesNotContain("0015544");
    assertThat(first.amount().format()).isEqualTo("EUR 123.45");
    assertThat(first.keyShort()).isEqualTo(key.shortForm());
    assertThat(first.tellerId()).isEqualTo("anna");
    assertThat(again.duplicate()).isTrue();
    assertThat(again.copy()).isEqualTo(2);
    assertThat(audit.since(mark))
        .extracting(AuditRows.Row::type, AuditRows.Row::userId, AuditRows.Row::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AuditEventType.RECEIPT_PRINTED, "anna", "original"),
            org.assertj.core.groups.Tuple.tuple(
                AuditEventType.RECEIPT_REPRINTED, "sara", "DUPLICATE, copy 2"));

    Path pdf = out.resolve("receipt.pdf");
    ReceiptPdf.write(again, ZoneId.of("UTC"), pdf);
    String text = text(pdf);
    assertThat(text)
        .contains("DUPLICATE")
        .contains(p.reference())
        .contains("EUR 123.45")
        .contains("Invoice 7")
        .contains("Mehmet Y")
        .contains("anna")
        .contains(key.shortForm().substring(1))
        .doesNotContain("0015544");

    assertThatThrownBy(() -> receipts.issue(TestActors.ADMINISTRATOR, p.reference()))
        .isInstanceOfSatisfying(
            ServiceRefusal.class,
            e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED));
    assertThatThrownBy(() -> receipts.issue(TestActors.TELLER, "T-999999"))
        .isInstanceOfSatisfying(
            ServiceRefusal.class,
            e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.NOT_FOUND));
  }

  @Test
  void aReversalsReceiptSaysWhatItReverses() throws Exception {
    var p =
        (TransferOutcome.Posted)
            service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(MEHMET, AMELIE, 500));
    var r =
        (TransferOutcome.Posted)
            service.reverse(TestActors.TELLER, IdempotencyKey.mint(), p.reference(), "wrong");
    Receipt receipt = new ReceiptService(service).issue(TestActors.TELLER, r.reference());
    assertThat(receipt.reversalOf()).isEqualTo(p.reference());
    assertThat(ReceiptPdf.lines(receipt, ZoneId.of("UTC")))
        .contains("REVERSAL RECEIPT", "Reverses:   " + p.reference());
  }

  @Test
  void theEndOfDayReportIsWrittenAsAPdf() throws Exception {
    service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(MEHMET, AMELIE, 200));
    EndOfDayReport r =
        new EndOfDayService(service, ZoneId.systemDefault())
            .tellerReport(TestActors.TELLER, "anna", List.of());
    Path pdf = out.resolve("eod.pdf");
    EndOfDayPdf.write(r, pdf);
    assertThat(text(pdf))
        .contains("End of day " + r.date())
        .contains("teller anna")
        .contains("Reconciliation proof: BALANCED")
        .contains("posted");
  }
}
