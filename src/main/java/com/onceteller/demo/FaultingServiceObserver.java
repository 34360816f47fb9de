package com.onceteller.demo;

import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.timeline.AttemptContext;
import com.onceteller.desk.timeline.EventKind;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;

/**
 * Injects the in-service faults at the service's real steps: a slow service holds the attempt after
 * it claimed the key (inside its transaction), a crash strikes after the postings are written and
 * before commit. Delegates every step to the timeline observer.
 */
public final class FaultingServiceObserver implements ServiceObserver {

  private final ServiceObserver delegate;
  private final Timeline timeline;

  public FaultingServiceObserver(ServiceObserver delegate, Timeline timeline) {
    this.delegate = delegate;
    this.timeline = timeline;
  }

  @Override
  public void received(IdempotencyKey key) {
    delegate.received(key);
  }

  @Override
  public void keyClaimed(IdempotencyKey key) {
    delegate.keyClaimed(key);
    FaultPlan.Armed armed = FaultPlan.inFlight();
    if (armed.fault() == Fault.SLOW_SERVICE) {
      timeline.record(
          key, AttemptContext.current(), EventKind.SLOWED, armed.slowness().toMillis() + " ms");
      try {
        Thread.sleep(armed.slowness().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void postingsWritten(IdempotencyKey key) {
    delegate.postingsWritten(key);
    if (FaultPlan.inFlight().fault() == Fault.CRASH_BEFORE_COMMIT) {
      timeline.record(key, AttemptContext.current(), EventKind.CRASHED, "");
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
