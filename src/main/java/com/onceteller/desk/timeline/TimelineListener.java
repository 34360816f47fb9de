package com.onceteller.desk.timeline;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.domain.IdempotencyKey;
import java.time.Instant;

/** Puts the teller's side of each attempt (sent, answer, timeout) on the timeline. */
public final class TimelineListener implements RetryingSubmission.Listener {

  private final Timeline timeline;
  private final IdempotencyKey key;

  public TimelineListener(Timeline timeline, IdempotencyKey key) {
    this.timeline = timeline;
    this.key = key;
  }

  @Override
  public void attemptStarted(int attempt, Instant at) {
    timeline.record(key, attempt, EventKind.SENT, "key " + key.shortForm());
  }

  @Override
  public void attemptFinished(AttemptResult result) {
    if (result instanceof AttemptResult.Answered a) {
      timeline.record(key, a.attempt(), EventKind.ANSWER_RECEIVED, Outcomes.describe(a.outcome()));
    } else if (result instanceof AttemptResult.NoAnswer n) {
      EventKind kind =
          n.kind() == NoResponseException.Kind.TIMEOUT
              ? EventKind.TIMED_OUT
              : EventKind.CONNECTION_LOST;
      timeline.record(key, n.attempt(), kind, n.detail());
    }
  }
}
