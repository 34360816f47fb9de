package com.onceteller.desk.client;

import com.onceteller.branch.service.ApprovalService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Approval;
import com.onceteller.domain.ApprovalResult;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.PendingApproval;
import com.onceteller.domain.TransferOutcome;
import java.util.List;
import java.util.Objects;

/** {@link DeskApprovals} on the ledger in this process. */
public final class LocalDeskApprovals implements DeskApprovals {

  private final ApprovalService approvals;

  public LocalDeskApprovals(ApprovalService approvals) {
    this.approvals = Objects.requireNonNull(approvals);
  }

  @Override
  public List<PendingApproval> queue(Actor supervisor) {
    return approvals.queue(supervisor);
  }

  @Override
  public ApprovalResult approve(
      Actor supervisor, String tellerId, IdempotencyKey key, String fingerprint, String reason) {
    return approvals.approve(supervisor, tellerId, key, fingerprint, reason, Approval.Mode.QUEUE);
  }

  @Override
  public ApprovalResult approveOverTheShoulder(
      String supervisorId,
      char[] password,
      String workstation,
      String tellerId,
      IdempotencyKey key,
      String fingerprint,
      String reason) {
    return approvals.approveOverTheShoulder(
        supervisorId, password, workstation, tellerId, key, fingerprint, reason);
  }

  @Override
  public TransferOutcome decline(Actor actor, String tellerId, IdempotencyKey key, String reason) {
    return approvals.decline(actor, tellerId, key, reason);
  }
}
