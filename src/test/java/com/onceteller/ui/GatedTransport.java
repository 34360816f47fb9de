package com.onceteller.ui;

import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.TransferTransport;
import com.onceteller.domain.TransferOutcome;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test transport in front of the real service: counts sends, and can hold the next attempts at a
 * gate (a slow service, without sleeping) until the test opens it.
 */
public final class GatedTransport implements TransferTransport {

  private final TransferTransport next;
  public final AtomicInteger sends = new AtomicInteger();
  private volatile CountDownLatch gate;

  public GatedTransport(TransferTransport next) {
    this.next = next;
  }

  public void close() {
    gate = new CountDownLatch(1);
  }

  public void open() {
    CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  @Override
  public TransferOutcome send(Envelope envelope) throws NoResponseException {
    sends.incrementAndGet();
    CountDownLatch g = gate;
    if (g != null) {
      try {
        if (!g.await(30, TimeUnit.SECONDS)) {
          throw new NoResponseException(NoResponseException.Kind.TIMEOUT, "gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NoResponseException(NoResponseException.Kind.CONNECTION_LOST, "interrupted");
      }
    }
    return next.send(envelope);
  }
}
