package com.onceteller.desk.timeline;

import com.onceteller.domain.IdempotencyKey;
import java.time.Instant;

/** One step of one attempt of one transfer, as the failure timeline draws it. */
public record TimelineEvent(
    IdempotencyKey key, int attempt, EventKind kind, Instant at, String detail) {

  public Lane lane() {
    return kind.lane();
  }
}
