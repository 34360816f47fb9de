package com.onceteller.desk.client;

import com.onceteller.domain.Actor;
import com.onceteller.domain.Receipt;

/**
 * Receipts as a desk prints them: the next copy of a posting's receipt, issued and recorded by the
 * ledger (the first is the original, every later copy a DUPLICATE); the desk renders the PDF from
 * the receipt's data ({@code paper.ReceiptPdf}), one place for every desk. Embedded: the ledger's
 * {@code ReceiptService} ({@link LocalDeskReceipts}); at a branch desk: {@code POST /v1/receipts}
 * ({@code desk.remote.HttpDeskReceipts}). Blocking; refusals are {@code ServiceRefusal}s.
 */
public interface DeskReceipts {

  Receipt issue(Actor actor, String reference);
}
