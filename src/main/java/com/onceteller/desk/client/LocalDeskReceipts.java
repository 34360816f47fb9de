package com.onceteller.desk.client;

import com.onceteller.branch.service.ReceiptService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Receipt;
import java.util.Objects;

/** {@link DeskReceipts} on the ledger in this process. */
public final class LocalDeskReceipts implements DeskReceipts {

  private final ReceiptService receipts;

  public LocalDeskReceipts(ReceiptService receipts) {
    this.receipts = Objects.requireNonNull(receipts);
  }

  @Override
  public Receipt issue(Actor actor, String reference) {
    return receipts.issue(actor, reference);
  }
}
