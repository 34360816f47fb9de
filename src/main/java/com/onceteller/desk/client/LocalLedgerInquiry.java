package com.onceteller.desk.client;

import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.RestoreResult;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.util.Objects;

/**
 * The ledger as a teller's desk may ask it when the ledger is embedded: about their own keys, and
 * the repairs of their own acknowledgements. The ledger records {@code actor} as who voided or
 * restored.
 */
public final class LocalLedgerInquiry implements LedgerInquiry {

  private final TransferService service;
  private final LedgerQueries queries;
  private final Actor actor;

  public LocalLedgerInquiry(TransferService service, LedgerQueries queries, Actor actor) {
    this.service = Objects.requireNonNull(service);
    this.queries = Objects.requireNonNull(queries);
    this.actor = Objects.requireNonNull(actor);
  }

  @Override
  public KeyStatus statusOf(IdempotencyKey key) {
    try {
      return queries.statusOf(actor, key);
    } catch (RuntimeException e) {
      throw new IllegalStateException("the ledger could not be read: " + e, e);
    }
  }

  @Override
  public RestoreResult restore(Outbox.Acknowledgement ack, String note) {
    return service.restoreAcknowledged(
        actor, ack.key(), ack.request(), ack.reference(), ack.decidedAt(), note);
  }

  @Override
  public TransferOutcome fence(
      IdempotencyKey key, TransferRequest request, String by, String reason) {
    // The ledger records the acting user as who voided it; "by" is the desk's word for it.
    return service.abandon(actor, key, request, reason);
  }
}
