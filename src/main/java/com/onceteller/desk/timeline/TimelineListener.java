package com.onceteller.desk.timeline;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.RetryingSubmission;
import java.time.Instant;

/**
 * Puts the teller's side of each attempt (sent, answer, timeout) on the timeline. One per
 * submission, whose attempts run one after the other, so the answer belongs to the last envelope.
 */
public final class TimelineListener implements RetryingSubmission.Listener {

  private final Timeline timeline;
  private volatile Envelope current;

  public TimelineListener(Timeline timeline) {
    this.timeline = timeline;
  }

  @Override
  public void attemptStarted(Envelope envelope, Instant at) {
    current = envelope;
    timeline.record(envelope, EventKind.SENT, "key " + envelope.key().shortForm());
  }

  @Override
  public void attemptFinished(AttemptResult result) {
    Envelope e = current;
    if (e == null || e.attempt() != result.attempt()) {
      return; // not started through this listener: nothing to attach the answer to
    }
    finished(timeline, e, result);
  }

  /** Records how {@code e} ended for the teller. */
  public static void finished(Timeline timeline, Envelope e, AttemptResult result) {
    if (result instanceof AttemptResult.Answered a) {
      timeline.record(e, EventKind.ANSWER_RECEIVED, a.outcome());
    } else if (result instanceof AttemptResult.NoAnswer n) {
      timeline.record(
          e,
          switch (n.kind()) {
            case TIMEOUT -> EventKind.TIMED_OUT;
            case CONNECTION_LOST -> EventKind.CONNECTION_LOST;
          },
          n.detail());
    }
  }
}
