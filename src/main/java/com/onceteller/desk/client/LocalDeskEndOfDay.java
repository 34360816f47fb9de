package com.onceteller.desk.client;

import com.onceteller.branch.service.EndOfDayService;
import com.onceteller.branch.service.IdentityService;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.DeskItem;
import com.onceteller.domain.EndOfDayReport;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.SignOnResult;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.util.List;
import java.util.Objects;

/** {@link DeskEndOfDay} on the ledger in this process. */
public final class LocalDeskEndOfDay implements DeskEndOfDay {

  private final EndOfDayService endOfDay;
  private final TransferService transfers;
  private final IdentityService identity;

  public LocalDeskEndOfDay(
      EndOfDayService endOfDay, TransferService transfers, IdentityService identity) {
    this.endOfDay = Objects.requireNonNull(endOfDay);
    this.transfers = Objects.requireNonNull(transfers);
    this.identity = Objects.requireNonNull(identity);
  }

  @Override
  public EndOfDayReport tellerReport(Actor actor, String tellerId, List<DeskItem> deskInDoubt) {
    return endOfDay.tellerReport(actor, tellerId, deskInDoubt);
  }

  @Override
  public EndOfDayReport branchReport(Actor actor, List<DeskItem> deskInDoubt) {
    return endOfDay.branchReport(actor, deskInDoubt);
  }

  @Override
  public EndOfDayReport closeTellerDay(Actor actor, String tellerId, List<DeskItem> deskInDoubt) {
    return endOfDay.closeTellerDay(actor, tellerId, deskInDoubt);
  }

  @Override
  public EndOfDayReport closeBusinessDay(Actor actor, List<DeskItem> deskInDoubt) {
    return endOfDay.closeBusinessDay(actor, deskInDoubt);
  }

  @Override
  public TransferOutcome signOffInDoubt(
      Actor deskActor,
      String supervisorId,
      char[] password,
      String tellerId,
      IdempotencyKey key,
      TransferRequest request,
      String reason) {
    Actor supervisor = deskActor;
    if (supervisorId != null) {
      SignOnResult r =
          identity.authenticateSupervisor(
              supervisorId, password, deskActor.workstation(), "in-doubt " + key);
      if (!(r instanceof SignOnResult.SignedOn s)) {
        throw new ServiceRefusal(
            ServiceRefusal.Kind.NOT_PERMITTED, ((SignOnResult.Refused) r).message());
      }
      supervisor = s.actor();
    }
    return transfers.signOffInDoubt(supervisor, tellerId, key, request, reason);
  }
}
