package com.onceteller.desk.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.onceteller.desk.client.DeskReceipts;
import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Receipt;
import com.onceteller.wire.Wire;
import java.util.Objects;
import java.util.function.Function;

/**
 * Receipts at a branch desk: {@code POST /v1/receipts} made as the desk's signed-on user, each
 * print under its own key, re-sent with that key while no answer comes, so a lost answer never
 * counts another copy. The branch answers the receipt's data; the desk renders the PDF.
 */
public final class HttpDeskReceipts implements DeskReceipts {

  private final Function<Actor, BranchConnection> connectionOf;

  public HttpDeskReceipts(Function<Actor, BranchConnection> connectionOf) {
    this.connectionOf = Objects.requireNonNull(connectionOf);
  }

  @Override
  public Receipt issue(Actor actor, String reference) {
    BranchConnection as = BranchCalls.signedOn(connectionOf, actor);
    ObjectNode b = Wire.object();
    b.put("reference", reference == null ? "" : reference.strip());
    return BranchCalls.read(
        BranchCalls.keyed(as, "/v1/receipts", IdempotencyKey.mint(), b), Wire::receipt);
  }
}
