package com.onceteller.domain;

import java.util.Objects;

/**
 * The answer to restoring a posting the desk acknowledged but the ledger has no trace of (see
 * {@code TransferService.restoreAcknowledged}).
 *
 * @param restored true when this call posted the transfer (and recorded an incident); false when
 *     the ledger already knew the key, or nothing could be written
 * @param reference the reference the key's posting has in the ledger now: the one used for the
 *     restore, or the one already there; null when the key has no posting
 * @param referenceAsAcknowledged true when {@code reference} is the one the teller was given
 * @param incidentId the {@code ledger_incident} row written by this restore; null when none was
 * @param outcome the ledger's answer for the key: {@code Posted} (fresh when restored, replayed
 *     when it was already there), another stored decision ({@code Rejected}, {@code Voided}, {@code
 *     KeyReused}), {@code Invalid} input, or a retryable failure
 * @param message what happened, in words for a log and an operator
 */
public record RestoreResult(
    IdempotencyKey key,
    boolean restored,
    String reference,
    boolean referenceAsAcknowledged,
    Long incidentId,
    TransferOutcome outcome,
    String message) {

  public RestoreResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
    if (restored && (reference == null || incidentId == null)) {
      throw new IllegalArgumentException("a restore posts under a reference and records why");
    }
  }

  /** True when asking again later may give another answer (nothing was decided this time). */
  public boolean retryable() {
    return outcome.retryable();
  }
}
