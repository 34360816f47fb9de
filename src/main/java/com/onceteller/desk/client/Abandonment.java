package com.onceteller.desk.client;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Clock;
import java.util.Objects;

/**
 * Abandoning a transfer, safe by construction: the key is fenced in the ledger first (a stored
 * void, claimed under the same unique index as a posting), so no attempt still on its way and no
 * later retry with that key can ever post; only then does the desk record it. If the key had
 * already posted (or been rejected), nothing is abandoned and the caller gets that decision to show
 * instead. Never abandons on the desk alone.
 */
public final class Abandonment {

  /** What came of an abandon. */
  public enum Result {
    /** The key is voided in the ledger: the transfer can never post. */
    ABANDONED,
    /** The key had already been decided (posted or rejected): nothing was abandoned. */
    ALREADY_DECIDED,
    /** The ledger could not answer now (busy, unreachable): nothing changed; ask again. */
    TRY_AGAIN,
    /** The abandon itself was refused (e.g. no reason given). */
    REFUSED
  }

  /** The result and the ledger's answer behind it. */
  public record Answer(Result result, TransferOutcome outcome) {}

  private final LedgerInquiry ledger;
  private final Outbox outbox;
  private final Clock clock;
  private final String operator;

  public Abandonment(LedgerInquiry ledger, Outbox outbox, Clock clock, String operator) {
    this.ledger = Objects.requireNonNull(ledger);
    this.outbox = Objects.requireNonNull(outbox);
    this.clock = Objects.requireNonNull(clock);
    this.operator = operator;
  }

  /** Blocks on the ledger: call it off the FX thread. */
  public Answer abandon(IdempotencyKey key, TransferRequest request, String reason) {
    TransferOutcome o;
    try {
      o = ledger.fence(key, request, operator, reason);
    } catch (IllegalStateException e) {
      return new Answer(
          Result.TRY_AGAIN,
          new TransferOutcome.OutcomeUnknown(key, "The ledger could not be reached: " + e));
    }
    if (o instanceof TransferOutcome.Invalid) {
      return new Answer(Result.REFUSED, o);
    }
    if (o.retryable()) {
      return new Answer(Result.TRY_AGAIN, o);
    }
    // Voided, or the decision that stood before: either way the desk now knows and records it.
    try {
      outbox.resolved(key, o, clock.instant());
    } catch (Outbox.OutboxException e) {
      // The ledger holds the truth; the next start's audit and in-doubt check will find it.
    }
    return new Answer(
        o instanceof TransferOutcome.Voided ? Result.ABANDONED : Result.ALREADY_DECIDED, o);
  }
}
