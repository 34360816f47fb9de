package com.onceteller.desk.timeline;

import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;

/** Puts the service's and database's steps of each attempt on the timeline. */
public final class TimelineServiceObserver implements ServiceObserver {

  private final Timeline timeline;

  public TimelineServiceObserver(Timeline timeline) {
    this.timeline = timeline;
  }

  @Override
  public void received(IdempotencyKey key) {
    timeline.record(key, AttemptContext.current(), EventKind.RECEIVED, "");
  }

  @Override
  public void keyClaimed(IdempotencyKey key) {
    timeline.record(key, AttemptContext.current(), EventKind.KEY_CLAIMED, key.shortForm());
  }

  @Override
  public void postingsWritten(IdempotencyKey key) {
    timeline.record(key, AttemptContext.current(), EventKind.POSTINGS_WRITTEN, "");
  }

  @Override
  public void committed(IdempotencyKey key, TransferOutcome outcome) {
    timeline.record(key, AttemptContext.current(), EventKind.COMMITTED, Outcomes.describe(outcome));
  }

  @Override
  public void rolledBack(IdempotencyKey key, Throwable cause) {
    timeline.record(
        key, AttemptContext.current(), EventKind.ROLLED_BACK, cause.getClass().getSimpleName());
  }

  @Override
  public void replayed(IdempotencyKey key, TransferOutcome outcome) {
    timeline.record(key, AttemptContext.current(), EventKind.REPLAYED, Outcomes.describe(outcome));
  }
}
