package com.onceteller.desk.client;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Instant;
import java.util.List;

/**
 * The client's durable memory of what it is sending (TigerBeetle: ids persisted before sending). A
 * submission is written before its first attempt, so that after a crash the app still knows the key
 * of every transfer whose outcome it never learnt, and resends that same key.
 */
public interface Outbox {

  /**
   * Records a submission before its first attempt. Must be durable when it returns.
   *
   * @throws OutboxException if it could not be written; the attempt must then not be sent
   */
  void pending(IdempotencyKey key, TransferRequest request, Instant at);

  /** Records one attempt and what came of it. */
  void attempted(IdempotencyKey key, AttemptResult result);

  /** Records the final answer (posted, rejected, key reused, invalid): no longer in doubt. */
  void resolved(IdempotencyKey key, TransferOutcome outcome, Instant at);

  /** The teller explicitly gave up on an in-doubt submission. Recorded, never deleted. */
  void abandoned(IdempotencyKey key, String reason, Instant at);

  /** Submissions still in doubt (pending, not resolved, not abandoned), oldest first. */
  List<OutboxEntry> inDoubt();

  /** Every submission recorded since {@code since}, newest first (for the journal view). */
  List<OutboxEntry> since(Instant since);

  /** A submission as the outbox holds it. */
  record OutboxEntry(
      IdempotencyKey key,
      TransferRequest request,
      Instant createdAt,
      State state,
      int attempts,
      String lastResult,
      String reference) {}

  /** Where a submission stands. */
  enum State {
    PENDING,
    POSTED,
    REJECTED,
    REFUSED,
    ABANDONED
  }

  /** The outbox could not record something. */
  class OutboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutboxException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
