package com.onceteller.client;

import com.onceteller.domain.TransferOutcome;
import com.onceteller.service.TransferService;

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
