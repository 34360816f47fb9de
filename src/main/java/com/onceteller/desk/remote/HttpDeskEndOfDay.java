package com.onceteller.desk.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.onceteller.desk.client.DeskEndOfDay;
import com.onceteller.domain.Actor;
import com.onceteller.domain.DeskItem;
import com.onceteller.domain.EndOfDayReport;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.wire.Wire;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * End of day at a branch desk ({@code /v1/business-days/…}, {@code /v1/in-doubt-sign-offs},
 * docs/api.md), made as the desk's signed-on user, with this desk's in-doubt items; a supervisor's
 * sign-off of an in-doubt item over the shoulder is made with the credentials typed on this desk.
 * Closing has its own key, re-sent while no answer comes (a lost answer never closes two days).
 */
public final class HttpDeskEndOfDay implements DeskEndOfDay {

  private final BranchConnection branch;
  private final Function<Actor, BranchConnection> connectionOf;

  public HttpDeskEndOfDay(BranchConnection branch, Function<Actor, BranchConnection> connectionOf) {
    this.branch = Objects.requireNonNull(branch);
    this.connectionOf = Objects.requireNonNull(connectionOf);
  }

  private BranchConnection as(Actor actor) {
    return BranchCalls.signedOn(connectionOf, actor);
  }

  private static ObjectNode day(String scope, String tellerId, List<DeskItem> inDoubt) {
    ObjectNode b = Wire.object();
    b.put("scope", scope);
    if (tellerId != null) {
      b.put("teller", tellerId);
    }
    b.set("in_doubt", Wire.deskItems(inDoubt));
    return b;
  }

  @Override
  public EndOfDayReport tellerReport(Actor actor, String tellerId, List<DeskItem> deskInDoubt) {
    return BranchCalls.read(
        BranchCalls.post(
            as(actor), "/v1/business-days/report", day("teller", tellerId, deskInDoubt)),
        Wire::report);
  }

  @Override
  public EndOfDayReport branchReport(Actor actor, List<DeskItem> deskInDoubt) {
    return BranchCalls.read(
        BranchCalls.post(as(actor), "/v1/business-days/report", day("branch", null, deskInDoubt)),
        Wire::report);
  }

  @Override
  public EndOfDayReport closeTellerDay(Actor actor, String tellerId, List<DeskItem> deskInDoubt) {
    return BranchCalls.read(
        BranchCalls.keyed(
            as(actor),
            "/v1/business-days/close",
            IdempotencyKey.mint(),
            day("teller", tellerId, deskInDoubt)),
        Wire::report);
  }

  @Override
  public EndOfDayReport closeBusinessDay(Actor actor, List<DeskItem> deskInDoubt) {
    return BranchCalls.read(
        BranchCalls.keyed(
            as(actor),
            "/v1/business-days/close",
            IdempotencyKey.mint(),
            day("branch", null, deskInDoubt)),
        Wire::report);
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
    ObjectNode b = Wire.object();
    b.put("teller", tellerId);
    b.put("reason", reason == null ? "" : reason);
    if (request != null) {
      b.set("request", Wire.request(request));
    }
    BranchConnection as;
    if (supervisorId == null) {
      as = as(deskActor);
    } else {
      try {
        as =
            branch.as(
                supervisorId.strip().toLowerCase(java.util.Locale.ROOT),
                password,
                deskActor.workstation());
      } finally {
        java.util.Arrays.fill(password, '\0');
      }
      b.put("mode", "over_the_shoulder");
    }
    BranchCalls.Body answer = BranchCalls.keyed(as, "/v1/in-doubt-sign-offs", key, b);
    return BranchCalls.read(answer, j -> Wire.outcome(j, key, answer.replayed()));
  }
}
