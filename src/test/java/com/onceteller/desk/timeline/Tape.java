package com.onceteller.desk.timeline;

import com.onceteller.desk.client.Outcomes;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Timeline events written by hand, at milliseconds after a fixed start: for layout tests. */
final class Tape {

  static final Instant T0 = Instant.parse("2026-03-14T10:00:00Z");
  final IdempotencyKey key = Outcomes.KEY;
  final List<TimelineEvent> events = new ArrayList<>();

  Tape at(long ms, long send, EventKind kind) {
    return at(ms, send, kind, null);
  }

  Tape at(long ms, long send, EventKind kind, TransferOutcome outcome) {
    events.add(new TimelineEvent(key, send, (int) send, kind, T0.plusMillis(ms), "", outcome));
    return this;
  }

  /** A request lost at {@code ms}, answered "connection lost" 2 ms later. */
  Tape requestLost(long ms, long send) {
    return at(ms, send, EventKind.SENT)
        .at(ms + 1, send, EventKind.REQUEST_LOST)
        .at(ms + 2, send, EventKind.CONNECTION_LOST);
  }

  /** A whole posting, first answer, starting at {@code ms}. */
  Tape posts(long ms, long send) {
    return at(ms, send, EventKind.SENT)
        .at(ms + 1, send, EventKind.RECEIVED)
        .at(ms + 3, send, EventKind.KEY_CLAIMED)
        .at(ms + 5, send, EventKind.POSTINGS_WRITTEN)
        .at(ms + 9, send, EventKind.COMMITTED, Outcomes.posted(false))
        .at(ms + 10, send, EventKind.ANSWERED)
        .at(ms + 11, send, EventKind.ANSWER_RECEIVED, Outcomes.posted(false));
  }
}
