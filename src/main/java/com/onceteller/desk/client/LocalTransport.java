package com.onceteller.desk.client;

import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.TransferOutcome;

/**
 * The production transport when the ledger is embedded: a direct call into the service, as the
 * teller who signed on (each desk session gets its own transport, so a submission keeps its teller
 * for every attempt, even while another user signs on).
 */
public final class LocalTransport implements TransferTransport {

  private final TransferService service;
  private final Actor actor;

  public LocalTransport(TransferService service, Actor actor) {
    this.service = service;
    this.actor = actor;
  }

  @Override
  public TransferOutcome send(Envelope envelope) {
    return service.submit(actor, envelope.key(), envelope.request());
  }
}
