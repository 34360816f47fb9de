package com.onceteller.desk.client;

import com.onceteller.domain.Actor;
import com.onceteller.domain.DeskItem;
import com.onceteller.domain.EndOfDayReport;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.util.List;

/**
 * End of day as a desk does it: the reports of the open day with this desk's in-doubt items,
 * signing an in-doubt item off (a supervisor), closing the teller's day or the business day.
 * Embedded: the ledger's {@code EndOfDayService} ({@link LocalDeskEndOfDay}); at a branch desk: the
 * branch API ({@code desk.remote.HttpDeskEndOfDay}). Blocking; refusals are {@code
 * ServiceRefusal}s.
 */
public interface DeskEndOfDay {

  EndOfDayReport tellerReport(Actor actor, String tellerId, List<DeskItem> deskInDoubt);

  EndOfDayReport branchReport(Actor actor, List<DeskItem> deskInDoubt);

  EndOfDayReport closeTellerDay(Actor actor, String tellerId, List<DeskItem> deskInDoubt);

  EndOfDayReport closeBusinessDay(Actor actor, List<DeskItem> deskInDoubt);

  /**
   * A supervisor fences an in-doubt item's key in {@code tellerId}'s scope. {@code supervisorId}
   * null: the desk's own user ({@code deskActor}) is the supervisor; else the supervisor typed
   * their credentials on this desk (over the shoulder).
   *
   * @return the key's decision: {@code Voided}, or what the ledger had decided before
   */
  TransferOutcome signOffInDoubt(
      Actor deskActor,
      String supervisorId,
      char[] password,
      String tellerId,
      IdempotencyKey key,
      TransferRequest request,
      String reason);
}
