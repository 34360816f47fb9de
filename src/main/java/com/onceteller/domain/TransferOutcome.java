package com.onceteller.domain;

import java.time.Instant;
import java.util.List;

/**
 * Every answer the transfer service can give, as a closed set the UI switches on. Three questions
 * matter to a teller: did money move, is this the first answer or a replay, and may I send the same
 * key again. {@link #retryable()} answers the last: only when nothing was decided for the key, or
 * the answer is unknown; never for a decision or a refused request.
 */
public sealed interface TransferOutcome {

  IdempotencyKey key();

  /** True when sending the same key and request again is safe and may give a different answer. */
  default boolean retryable() {
    return false;
  }

  /**
   * The transfer is in the ledger. {@code replayed}: this answer was read back, nothing moved now.
   */
  record Posted(
      IdempotencyKey key,
      String reference,
      TransferRequest request,
      Instant postedAt,
      boolean replayed)
      implements TransferOutcome {}

  /** The ledger refused the transfer (stored: the same key always gets this answer). */
  record Rejected(
      IdempotencyKey key,
      RejectionReason reason,
      String message,
      TransferRequest request,
      Instant decidedAt,
      boolean replayed)
      implements TransferOutcome {}

  /**
   * The key was already used for a different request; nothing was executed. Shows what the key was
   * first used for and how that ended, so the teller can tell a typo from a second intent.
   */
  record KeyReused(
      IdempotencyKey key,
      TransferRequest original,
      TransferRequest attempted,
      String originalReference,
      Instant originalDecidedAt)
      implements TransferOutcome {}

  /**
   * The key was fenced: the teller abandoned this transfer and the ledger stored a void under its
   * key, so no attempt with this key, earlier or later, can post. Stored and replayed like any
   * decision: a later attempt with the same request (or any request, when the void did not know it)
   * gets this answer with {@code replayed=true}; a different request gets {@code KeyReused}. Never
   * retryable. {@code request} is what was abandoned (null if the desk no longer had it, or once
   * the stored request was compacted).
   */
  record Voided(
      IdempotencyKey key,
      TransferRequest request,
      Instant voidedAt,
      String voidedBy,
      String reason,
      boolean replayed)
      implements TransferOutcome {}

  /**
   * Above a limit: nothing moved, and the ledger stored this answer under the key like any
   * decision, so the same key gets it again until a supervisor acts. After an approval (bound to
   * the key and this request's fingerprint), the next attempt with the same key posts once; a
   * decline is a void. A changed request is another key and needs its own approval. Not retryable
   * by the client's backoff: it waits for a person.
   *
   * @param why which limit, in words ("EUR 12,000.00 is above the teller limit of …")
   * @param approval the approval given since, or null while none is; present, the next attempt with
   *     the key posts
   */
  record NeedsApproval(
      IdempotencyKey key,
      TransferRequest request,
      String why,
      Instant decidedAt,
      Approval approval,
      boolean replayed)
      implements TransferOutcome {}

  /** The request itself is wrong (not stored): correct it and send again with the same key. */
  record Invalid(IdempotencyKey key, List<FieldError> errors) implements TransferOutcome {
    public Invalid {
      errors = List.copyOf(errors);
    }

    public String summary() {
      return errors.stream().map(FieldError::message).reduce((a, b) -> a + " " + b).orElse("");
    }
  }

  /** Another attempt with this key is being processed right now; ask again shortly. */
  record InProgress(IdempotencyKey key, String message) implements TransferOutcome {
    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** Failed before anything was committed (rolled back): safe to retry with the same key. */
  record NotExecuted(IdempotencyKey key, String message) implements TransferOutcome {
    @Override
    public boolean retryable() {
      return true;
    }
  }

  /**
   * The service cannot tell whether the transfer committed (e.g. the commit itself failed).
   * Retrying with the same key is the way to find out, and is safe.
   */
  record OutcomeUnknown(IdempotencyKey key, String message) implements TransferOutcome {
    @Override
    public boolean retryable() {
      return true;
    }
  }
}
