package com.onceteller.ui;

import com.onceteller.branch.service.ApprovalService;
import com.onceteller.branch.service.AuditQueries;
import com.onceteller.branch.service.EndOfDayService;
import com.onceteller.branch.service.IdentityService;
import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.branch.service.ReceiptService;
import com.onceteller.branch.service.TransferService;
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
 * @param actor who is signed on
 * @param deskInDoubt this desk's in-doubt items of every teller (for the end of day)
 * @param markAbandoned records on the desk that an in-doubt item was signed off (key, why)
 * @param paperDirectory where receipts and reports are saved as PDF
 * @param idleTimeout how long without input before the screen locks
 */
public record DeskControls(
    Actor actor,
    String displayName,
    IdentityService identity,
    TransferService transfers,
    ApprovalService approvals,
    EndOfDayService endOfDay,
    AuditQueries audit,
    ReceiptService receipts,
    LedgerQueries queries,
    Supplier<List<DeskItem>> deskInDoubt,
    BiConsumer<IdempotencyKey, String> markAbandoned,
    Path paperDirectory,
    ZoneId zone,
    Clock clock,
    Duration idleTimeout) {}
