package com.onceteller.ui;

import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.desk.client.DeskApprovals;
import com.onceteller.desk.client.DeskAudit;
import com.onceteller.desk.client.DeskEndOfDay;
import com.onceteller.desk.client.DeskIdentity;
import com.onceteller.desk.client.DeskReceipts;
import com.onceteller.desk.client.DeskReversals;
import com.onceteller.domain.Actor;
import com.onceteller.domain.DeskItem;
import com.onceteller.domain.IdempotencyKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * What the teller controls (sign-on, lock, approvals, reversal, end of day, audit, receipts) need,
 * handed in by the composition root for the signed-on user; like {@code TellerServices}.
 *
 * <p>{@code identity}, {@code reversals}, {@code approvals}, {@code endOfDay}, {@code audit} and
 * {@code receipts} are there at every desk: on the embedded ledger they call its services, at a
 * desk of a branch server they are the branch API (docs/branch-server.md). {@code queries} (the
 * embedded ledger's read side) is null at a branch desk ({@link #embedded()}).
 *
 * @param actor who is signed on
 * @param deskInDoubt this desk's in-doubt items of every teller (for the end of day)
 * @param markAbandoned records on the desk that an in-doubt item was signed off (key, why)
 * @param paperDirectory where receipts and reports are saved as PDF
 * @param idleTimeout how long without input before the screen locks
 */
public record DeskControls(
    Actor actor,
    String displayName,
    DeskIdentity identity,
    DeskReversals reversals,
    DeskApprovals approvals,
    DeskEndOfDay endOfDay,
    DeskAudit audit,
    DeskReceipts receipts,
    LedgerQueries queries,
    Supplier<List<DeskItem>> deskInDoubt,
    BiConsumer<IdempotencyKey, String> markAbandoned,
    Path paperDirectory,
    ZoneId zone,
    Clock clock,
    Duration idleTimeout) {

  /** True when the ledger is in this process (not a desk of a branch server). */
  public boolean embedded() {
    return queries != null;
  }
}
