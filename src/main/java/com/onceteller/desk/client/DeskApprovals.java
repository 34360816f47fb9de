package com.onceteller.desk.client;

import com.onceteller.domain.Actor;
import com.onceteller.domain.ApprovalResult;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.PendingApproval;
import com.onceteller.domain.TransferOutcome;
import java.util.List;

/**
 * A supervisor's approvals as a desk works them: the queue, approving from it, approving over the
 * teller's shoulder (the supervisor's credentials typed on the teller's desk), declining. Embedded
 * it calls the ledger's {@code ApprovalService} ({@link LocalDeskApprovals}); at a branch desk it
 * is the branch API ({@code desk.remote.HttpDeskApprovals}), where the server calls the same
 * service. Blocking: call it off the FX thread. Refusals are {@code ServiceRefusal}s, as the
 * service throws them.
 */
public interface DeskApprovals {

  /** Requests waiting for a supervisor, oldest first, except {@code supervisor}'s own. */
  List<PendingApproval> queue(Actor supervisor);

  /** {@code supervisor}, signed on at this desk, approves from the queue. */
  ApprovalResult approve(
      Actor supervisor, String tellerId, IdempotencyKey key, String fingerprint, String reason);

  /**
   * A supervisor approves on the teller's desk ({@code workstation}) with their own credentials; a
   * wrong password counts towards their lockout. Nothing of them is kept afterwards.
   */
  ApprovalResult approveOverTheShoulder(
      String supervisorId,
      char[] password,
      String workstation,
      String tellerId,
      IdempotencyKey key,
      String fingerprint,
      String reason);

  /** Declines (voids) the request waiting under {@code tellerId}'s key. */
  TransferOutcome decline(Actor actor, String tellerId, IdempotencyKey key, String reason);
}
