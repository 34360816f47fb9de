package com.onceteller.desk.client;

import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;

/**
 * The production transport when the ledger is embedded: a direct call into the service. With a
 * {@link CallsInService}, the service's step reports can be traced back to the attempt.
 */
public final class LocalTransport implements TransferTransport {

  private final TransferService service;
  private final CallsInService calls;

  public LocalTransport(TransferService service, CallsInService calls) {
    this.service = service;
    this.calls = calls;
  }

  public LocalTransport(TransferService service) {
    this(service, null);
  }

  @Override
  public TransferOutcome send(Envelope envelope) {
    if (calls == null) {
      return service.submit(envelope.key(), envelope.request());
    }
    IdempotencyKey own = calls.enter(envelope);
    try {
      return service.submit(own, envelope.request());
    } finally {
      calls.leave(own);
    }
  }
}
