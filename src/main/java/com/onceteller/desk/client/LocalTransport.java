package com.onceteller.desk.client;

import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.TransferOutcome;

/** The production transport when the ledger is embedded: a direct call into the service. */
public final class LocalTransport implements TransferTransport {

  private final TransferService service;

  public LocalTransport(TransferService service) {
    this.service = service;
  }

  @Override
  public TransferOutcome send(Envelope envelope) {
    return service.submit(envelope.key(), envelope.request());
  }
}
