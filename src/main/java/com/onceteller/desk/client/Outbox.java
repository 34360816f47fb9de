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

  /**
   * Records an answer. A decision (posted, rejected, voided) is also recorded as an {@link
   * Acknowledgement}, durably before this returns: it is called before the teller is shown the
   * answer, so that a start-up audit can check every acknowledged decision against the ledger.
   * Posted, rejected, voided, key reused and invalid end the doubt.
   *
   * @throws OutboxException if a decision could not be recorded (the caller still shows it, with a
   *     warning: hiding a posting would invite a second one)
   */
  void resolved(IdempotencyKey key, TransferOutcome outcome, Instant at);

  /**
   * {@link #attempted} and {@link #resolved} of the attempt that brought the decision, together (a
   * store that can makes it one write).
   *
   * @throws OutboxException as {@link #resolved}; the attempt may then be unrecorded too
   */
  default void attemptedAndResolved(
      IdempotencyKey key, AttemptResult result, TransferOutcome outcome, Instant at) {
    try {
      attempted(key, result);
    } catch (OutboxException e) {
      // The attempt happened whatever the outbox says; the decision matters more.
    }
    resolved(key, outcome, at);
  }

  /** The teller explicitly gave up on an in-doubt submission. Recorded, never deleted. */
  void abandoned(IdempotencyKey key, String reason, Instant at);

  /** Submissions still in doubt (pending, not resolved, not abandoned), oldest first. */
  List<OutboxEntry> inDoubt();

  /** Every submission recorded since {@code since}, newest first (for the journal view). */
  List<OutboxEntry> since(Instant since);

  /** Acknowledged decisions that no start-up audit has yet found in the ledger, oldest first. */
  List<Acknowledgement> unaudited();

  /** A start-up audit found {@code key}'s acknowledged decision in the ledger. */
  void audited(IdempotencyKey key, Instant at);

  /** Records something an operator must see (e.g. an acknowledged posting missing). */
  void incident(String kind, IdempotencyKey key, String detail, Instant at);

  /** Incidents recorded since {@code since}, newest first. */
  List<Incident> incidents(Instant since);

  /**
   * A decision the teller was shown, as the desk recorded it before showing it.
   *
   * @param reference the transfer's reference for a posting, else null
   * @param decidedAt when the ledger decided (the time the teller was shown)
   */
  record Acknowledgement(
      IdempotencyKey key,
      Decision decision,
      String reference,
      TransferRequest request,
      Instant decidedAt,
      Instant acknowledgedAt) {}

  /** The decisions a desk acknowledges. */
  enum Decision {
    POSTED,
    REJECTED,
    VOIDED
  }

  /** Something an operator must see, recorded on the desk. */
  record Incident(long id, String kind, IdempotencyKey key, String detail, Instant recordedAt) {}

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
    /** The teller abandoned it and the ledger fenced the key (voided): it can never post. */
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
