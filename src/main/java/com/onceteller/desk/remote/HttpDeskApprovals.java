package com.onceteller.desk.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.onceteller.desk.client.DeskApprovals;
import com.onceteller.domain.Actor;
import com.onceteller.domain.ApprovalResult;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.PendingApproval;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.wire.Wire;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Approvals at a branch desk ({@code GET/POST /v1/approvals}, docs/api.md): the queue and an
 * approval from it are made as the desk's signed-on supervisor; an approval over the teller's
 * shoulder is one request made with the credentials the supervisor typed on this desk (and this
 * desk's workstation), which the desk forgets at once. Every approval and decline has its own key,
 * re-sent while no answer comes.
 */
public final class HttpDeskApprovals implements DeskApprovals {

  private final BranchConnection branch;
  private final Function<Actor, BranchConnection> connectionOf;

  /**
   * @param branch the connection without a user (over the shoulder: made as the supervisor)
   * @param connectionOf the signed-on actor's own connection
   */
  public HttpDeskApprovals(
      BranchConnection branch, Function<Actor, BranchConnection> connectionOf) {
    this.branch = Objects.requireNonNull(branch);
    this.connectionOf = Objects.requireNonNull(connectionOf);
  }

  private BranchConnection as(Actor actor) {
    return BranchCalls.signedOn(connectionOf, actor);
  }

  @Override
  public List<PendingApproval> queue(Actor supervisor) {
    JsonNode a = BranchCalls.get(as(supervisor), "/v1/approvals").json();
    return BranchCalls.list(a, Wire::pending);
  }

  @Override
  public ApprovalResult approve(
      Actor supervisor, String tellerId, IdempotencyKey key, String fingerprint, String reason) {
    return approve(as(supervisor), "queue", tellerId, key, fingerprint, reason);
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
    String id = supervisorId == null ? "" : supervisorId.strip().toLowerCase(java.util.Locale.ROOT);
    BranchConnection supervisor;
    try {
      supervisor = branch.as(id, password, workstation);
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
    return approve(supervisor, "over_the_shoulder", tellerId, key, fingerprint, reason);
  }

  private static ApprovalResult approve(
      BranchConnection as,
      String mode,
      String tellerId,
      IdempotencyKey key,
      String fingerprint,
      String reason) {
    ObjectNode b = body(tellerId, key, "approve", reason);
    b.put("fingerprint", fingerprint);
    b.put("mode", mode);
    BranchCalls.Body answer = BranchCalls.keyed(as, "/v1/approvals", IdempotencyKey.mint(), b);
    return BranchCalls.read(answer, j -> Wire.approvalResult(j, answer.replayed()));
  }

  @Override
  public TransferOutcome decline(Actor actor, String tellerId, IdempotencyKey key, String reason) {
    BranchCalls.Body answer =
        BranchCalls.keyed(
            as(actor),
            "/v1/approvals",
            IdempotencyKey.mint(),
            body(tellerId, key, "decline", reason));
    return BranchCalls.read(answer, j -> Wire.outcome(j, key, answer.replayed()));
  }

  private static ObjectNode body(
      String tellerId, IdempotencyKey key, String decision, String reason) {
    ObjectNode b = Wire.object();
    b.put("teller", tellerId);
    b.put("key", key.toString());
    b.put("decision", decision);
    b.put("reason", reason == null ? "" : reason);
    return b;
  }
}
