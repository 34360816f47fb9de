package com.onceteller.desk.client;

import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferSummary;
import java.util.Optional;

/**
 * Reversing a posting as a desk does it: the original posting looked up by its reference, and the
 * reversal sent under the reversal form's own key (the same key again after a supervisor's approval
 * or a lost answer: it posts at most once). Embedded: the ledger's {@code TransferService.reverse}
 * ({@link LocalDeskReversals}); at a branch desk: {@code POST /v1/reversals} ({@code
 * desk.remote.HttpDeskReversals}), where the server calls the same service. Blocking; a second
 * reversal of the same posting is a {@code Rejected} ALREADY_REVERSED outcome.
 */
public interface DeskReversals {

  /** The posting {@code reference} as the journal shows it, if there is one. */
  Optional<TransferSummary> posting(Actor actor, String reference);

  /** Reverses posting {@code reference} under {@code key}, with the teller's reason. */
  TransferOutcome reverse(Actor actor, IdempotencyKey key, String reference, String reason);
}
