package com.onceteller.desk.timeline;

import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.TransferTransport;
import com.onceteller.domain.TransferOutcome;

/** Carries the attempt number across the in-process boundary, as a request header would. */
public final class ContextTransport implements TransferTransport {

  private final TransferTransport inner;

  public ContextTransport(TransferTransport inner) {
    this.inner = inner;
  }

  @Override
  public TransferOutcome send(Envelope envelope) throws NoResponseException {
    AttemptContext.set(envelope.attempt());
    try {
      return inner.send(envelope);
    } finally {
      AttemptContext.clear();
    }
  }
}
