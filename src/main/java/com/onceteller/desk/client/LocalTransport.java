package com.onceteller.desk.client;

import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;

/**
 * The production transport when the ledger is embedded: a direct call into the service, as the
 * teller who signed on (each desk session gets its own transport, so a submission keeps its teller
 * for every attempt, even while another user signs on). With a {@link CallsInService}, the
 * service's step reports can be traced back to the attempt.
 */
public final class LocalTransport implements TransferTransport {

  private final TransferService service;
  private final Actor actor;
  private final CallsInService calls;

  public LocalTransport(TransferService service, Actor actor, CallsInService calls) {
    this.service = service;
    this.actor = actor;
    this.calls = calls;
  }

  public LocalTransport(TransferService service, Actor actor) {
    this(service, actor, null);
  }

  @Override
  public TransferOutcome send(Envelope envelope) {
    if (calls == null) {
      return service.submit(actor, envelope.key(), envelope.request());
    }
    IdempotencyKey own = calls.enter(envelope);
    try {
      return service.submit(actor, own, envelope.request());
    } finally {
      calls.leave(own);
    }
  }
}
