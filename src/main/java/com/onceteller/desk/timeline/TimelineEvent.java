package com.onceteller.desk.timeline;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import java.time.Instant;
import java.util.Optional;

/**
 * One step of one attempt of one transfer, as the failure timeline draws it.
 *
 * @param sendId the attempt's send id ({@link com.onceteller.desk.client.Envelope#sendId()}); 0
 *     when a service step could not be traced to an attempt
 * @param attempt the attempt's number within its submission (0 when not traced)
 * @param detail free text for people (a timeout's message, a slowness); never parsed
 * @param outcome the answer or decision this step carries (committed, replayed, answer received),
 *     or null
 */
public record TimelineEvent(
    IdempotencyKey key,
    long sendId,
    int attempt,
    EventKind kind,
    Instant at,
    String detail,
    TransferOutcome outcome) {

  public TimelineEvent {
    detail = detail == null ? "" : detail;
  }

  public Lane lane() {
    return kind.lane();
  }

  public Optional<TransferOutcome> answer() {
    return Optional.ofNullable(outcome);
  }
}
