package com.onceteller.demo;

import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.client.CallsInService;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.timeline.EventKind;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.util.Optional;

/**
 * Injects the in-service faults at the service's real steps: a slow service holds the attempt after
 * it claimed the key (inside its transaction), a crash strikes after the postings are written and
 * before commit. The fault is the one the attempt took at the transport, found through the attempt
 * the service is reporting on. Delegates every step to the timeline observer.
 */
public final class FaultingServiceObserver implements ServiceObserver {

  private final ServiceObserver delegate;
  private final Timeline timeline;
  private final FaultPlan plan;
  private final CallsInService calls;

  public FaultingServiceObserver(
      ServiceObserver delegate, Timeline timeline, FaultPlan plan, CallsInService calls) {
    this.delegate = delegate;
    this.timeline = timeline;
    this.plan = plan;
    this.calls = calls;
  }

  @Override
  public void received(IdempotencyKey key) {
    delegate.received(key);
  }

  @Override
  public void keyClaimed(IdempotencyKey key) {
    delegate.keyClaimed(key);
    Optional<Envelope> attempt = calls.attemptOf(key);
    FaultPlan.Armed armed = plan.takenBy(attempt);
    if (armed.fault() == Fault.SLOW_SERVICE) {
      timeline.record(attempt.get(), EventKind.SLOWED, armed.slowness().toMillis() + " ms");
      try {
        // The point of the fault: this thread really holds the claimed key, inside the service.
        Thread.sleep(armed.slowness().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void postingsWritten(IdempotencyKey key) {
    delegate.postingsWritten(key);
    Optional<Envelope> attempt = calls.attemptOf(key);
    if (plan.takenBy(attempt).fault() == Fault.CRASH_BEFORE_COMMIT) {
      timeline.record(attempt.get(), EventKind.CRASHED, "");
      throw new SimulatedCrash();
    }
  }

  @Override
  public void committed(IdempotencyKey key, TransferOutcome outcome) {
    delegate.committed(key, outcome);
  }

  @Override
  public void rolledBack(IdempotencyKey key, Throwable cause) {
    delegate.rolledBack(key, cause);
  }

  @Override
  public void replayed(IdempotencyKey key, TransferOutcome outcome) {
    delegate.replayed(key, outcome);
  }
}
