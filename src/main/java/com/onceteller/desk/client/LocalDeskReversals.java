package com.onceteller.desk.client;

import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferSummary;
import java.util.Objects;
import java.util.Optional;

/** {@link DeskReversals} on the ledger in this process. */
public final class LocalDeskReversals implements DeskReversals {

  private final TransferService transfers;
  private final LedgerQueries queries;

  public LocalDeskReversals(TransferService transfers, LedgerQueries queries) {
    this.transfers = Objects.requireNonNull(transfers);
    this.queries = Objects.requireNonNull(queries);
  }

  @Override
  public Optional<TransferSummary> posting(Actor actor, String reference) {
    return queries.transferByReference(reference);
  }

  @Override
  public TransferOutcome reverse(Actor actor, IdempotencyKey key, String reference, String reason) {
    return transfers.reverse(actor, key, reference, reason);
  }
}
