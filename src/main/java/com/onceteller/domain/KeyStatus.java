package com.onceteller.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What the ledger knows about one idempotency key, read without changing anything: what a desk asks
 * when it is in doubt, and what a start-up audit compares its acknowledgements with. A posted key
 * is found even when its replay record was compacted or lost, because the transfer row carries the
 * key.
 *
 * @param reference the posting's reference ({@link State#POSTED} only)
 * @param decidedAt when the decision was made (the posting time for {@link State#POSTED}); null for
 *     {@link State#UNKNOWN}
 * @param request the request as decided: always for a posting (from the transfer row if the stored
 *     request was compacted), otherwise while it is still stored; null when unknown
 * @param rejectionReason why the ledger refused ({@link State#REJECTED} only)
 * @param voidedBy who abandoned the key ({@link State#VOIDED} only)
 * @param voidReason why ({@link State#VOIDED} only)
 */
public record KeyStatus(
    IdempotencyKey key,
    State state,
    String reference,
    Instant decidedAt,
    TransferRequest request,
    RejectionReason rejectionReason,
    String voidedBy,
    String voidReason) {

  /** The four things a key can be. Only UNKNOWN lets a new attempt with the key execute. */
  public enum State {
    /** A transfer carries this key: money moved once. */
    POSTED,
    /** The ledger refused it for a reason of ledger state; the same key always gets that answer. */
    REJECTED,
    /** Abandoned: fenced so that no attempt with the key can ever post. */
    VOIDED,
    /** Above a limit: stored, waiting for a supervisor's approval (or decline). */
    AWAITING_APPROVAL,
    /** No decision and no transfer: nothing with this key has committed. */
    UNKNOWN
  }

  public KeyStatus {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    if ((state == State.POSTED) != (reference != null)) {
      throw new IllegalArgumentException("a reference belongs to a posted key, and only to one");
    }
    if ((state == State.POSTED) && request == null) {
      throw new IllegalArgumentException("a posted key always knows its request");
    }
    if ((state == State.REJECTED) != (rejectionReason != null)) {
      throw new IllegalArgumentException("a rejection reason belongs to a rejected key only");
    }
    if ((state == State.VOIDED) != (voidedBy != null && voidReason != null)) {
      throw new IllegalArgumentException("who and why belong to a voided key only");
    }
    if ((state == State.UNKNOWN) == (decidedAt != null)
        || (state == State.UNKNOWN && request != null)) {
      throw new IllegalArgumentException("an unknown key has no decision");
    }
  }

  public static KeyStatus posted(
      IdempotencyKey key, String reference, Instant postedAt, TransferRequest request) {
    return new KeyStatus(key, State.POSTED, reference, postedAt, request, null, null, null);
  }

  public static KeyStatus rejected(
      IdempotencyKey key, RejectionReason reason, Instant decidedAt, TransferRequest request) {
    return new KeyStatus(key, State.REJECTED, null, decidedAt, request, reason, null, null);
  }

  public static KeyStatus voided(
      IdempotencyKey key, String by, String reason, Instant voidedAt, TransferRequest request) {
    return new KeyStatus(key, State.VOIDED, null, voidedAt, request, null, by, reason);
  }

  public static KeyStatus awaitingApproval(
      IdempotencyKey key, Instant decidedAt, TransferRequest request) {
    return new KeyStatus(key, State.AWAITING_APPROVAL, null, decidedAt, request, null, null, null);
  }

  public static KeyStatus unknown(IdempotencyKey key) {
    return new KeyStatus(key, State.UNKNOWN, null, null, null, null, null, null);
  }
}
