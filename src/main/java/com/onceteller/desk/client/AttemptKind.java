package com.onceteller.desk.client;

import com.onceteller.domain.TransferOutcome;

/**
 * What one attempt came to: the single model every panel speaks about. The client sees the kinds of
 * {@link AttemptResult#kind()}; the failure timeline, which also sees the network and the service,
 * refines "connection lost" into where it broke ({@link #REQUEST_LOST}, {@link
 * #CRASHED_ROLLED_BACK}, {@link #RESPONSE_LOST}).
 */
public enum AttemptKind {
  /** Sent, no answer yet. */
  IN_FLIGHT,
  /** No answer within the client's timeout; the service may still be working on it. */
  TIMED_OUT,
  /** The connection broke before an answer; where, the client cannot tell. */
  CONNECTION_LOST,
  /** The request was lost before the service saw it: nothing happened. */
  REQUEST_LOST,
  /** The service crashed before commit: its transaction rolled back, nothing was kept. */
  CRASHED_ROLLED_BACK,
  /** The service decided and committed, then the answer was lost on the way back. */
  RESPONSE_LOST,
  /** Another attempt with the key was being processed; ask again shortly. */
  IN_PROGRESS,
  /** Failed and certainly rolled back: nothing moved, sending again is safe. */
  NOT_EXECUTED,
  /** The service could not confirm its own commit. */
  OUTCOME_UNKNOWN,
  /** Posted by this attempt: the money moved now. */
  POSTED,
  /** Answered from the stored decision (posted, rejected or voided before): nothing moved now. */
  REPLAYED,
  /** Refused by the ledger (stored): no money moved. */
  REJECTED,
  /** The key was used before for different details: nothing executed. */
  KEY_REUSED,
  /** The key was fenced by an abandon: no attempt with it can post. */
  VOIDED,
  /** The request itself was refused (not stored): correct it, same key. */
  INVALID,
  /**
   * Over the teller's limit: nothing moved and nothing was stored; a supervisor approves, then the
   * same key is sent again.
   */
  NEEDS_APPROVAL;

  /**
   * The kind of an answer. The one bridge from the sealed outcome type to this enum: Java 17 has no
   * exhaustive pattern switch, so every other place switches over this enum instead, and {@code
   * AttemptKindTest} fails when an outcome type is added without a case here.
   */
  public static AttemptKind of(TransferOutcome o) {
    if (o instanceof TransferOutcome.Posted p) {
      return p.replayed() ? REPLAYED : POSTED;
    } else if (o instanceof TransferOutcome.Rejected r) {
      return r.replayed() ? REPLAYED : REJECTED;
    } else if (o instanceof TransferOutcome.Voided v) {
      return v.replayed() ? REPLAYED : VOIDED;
    } else if (o instanceof TransferOutcome.KeyReused) {
      return KEY_REUSED;
    } else if (o instanceof TransferOutcome.Invalid) {
      return INVALID;
    } else if (o instanceof TransferOutcome.NeedsApproval) {
      return NEEDS_APPROVAL;
    } else if (o instanceof TransferOutcome.InProgress) {
      return IN_PROGRESS;
    } else if (o instanceof TransferOutcome.NotExecuted) {
      return NOT_EXECUTED;
    } else if (o instanceof TransferOutcome.OutcomeUnknown) {
      return OUTCOME_UNKNOWN;
    }
    throw new IllegalArgumentException("no attempt kind for " + o.getClass().getName());
  }

  /** The kind of a missing answer, as the client sees it. */
  public static AttemptKind of(NoResponseException.Kind k) {
    return switch (k) {
      case TIMEOUT -> TIMED_OUT;
      case CONNECTION_LOST -> CONNECTION_LOST;
    };
  }

  /** True when the outcome is unknown after this attempt: only the same key can find out. */
  public boolean leavesInDoubt() {
    return switch (this) {
      case IN_FLIGHT,
              TIMED_OUT,
              CONNECTION_LOST,
              REQUEST_LOST,
              CRASHED_ROLLED_BACK,
              RESPONSE_LOST,
              IN_PROGRESS,
              OUTCOME_UNKNOWN ->
          true;
      case NOT_EXECUTED, POSTED, REPLAYED, REJECTED, KEY_REUSED, VOIDED, INVALID, NEEDS_APPROVAL ->
          false;
    };
  }
}
