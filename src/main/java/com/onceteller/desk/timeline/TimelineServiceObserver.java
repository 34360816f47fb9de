package com.onceteller.desk.timeline;

import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.client.CallsInService;
import com.onceteller.desk.client.Envelope;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.util.Optional;

/**
 * Puts the service's and database's steps of each attempt on the timeline, on the attempt that
 * caused them ({@link CallsInService} knows it from the key object the service reports).
 */
public final class TimelineServiceObserver implements ServiceObserver {

  private final Timeline timeline;
  private final CallsInService calls;

  public TimelineServiceObserver(Timeline timeline, CallsInService calls) {
    this.timeline = timeline;
    this.calls = calls;
  }

  private void record(IdempotencyKey key, EventKind kind, TransferOutcome outcome, String detail) {
    Optional<Envelope> e = calls.attemptOf(key);
    if (e.isEmpty()) {
      timeline.recordUntraced(key, kind, outcome);
    } else if (outcome != null) {
      timeline.record(e.get(), kind, outcome);
    } else {
      timeline.record(e.get(), kind, detail);
    }
  }

  @Override
  public void received(IdempotencyKey key) {
    record(key, EventKind.RECEIVED, null, "");
  }

  @Override
  public void keyClaimed(IdempotencyKey key) {
    record(key, EventKind.KEY_CLAIMED, null, key.shortForm());
  }

  @Override
  public void postingsWritten(IdempotencyKey key) {
    record(key, EventKind.POSTINGS_WRITTEN, null, "");
  }

  @Override
  public void committed(IdempotencyKey key, TransferOutcome outcome) {
    record(key, EventKind.COMMITTED, outcome, "");
  }

  @Override
  public void rolledBack(IdempotencyKey key, Throwable cause) {
    record(key, EventKind.ROLLED_BACK, null, cause.getClass().getSimpleName());
  }

  @Override
  public void replayed(IdempotencyKey key, TransferOutcome outcome) {
    record(key, EventKind.REPLAYED, outcome, "");
  }
}
