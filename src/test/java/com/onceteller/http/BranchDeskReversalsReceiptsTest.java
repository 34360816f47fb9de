package com.onceteller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestLedger;
import com.onceteller.app.AppContext;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.domain.AuditEvent;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.AuditQuery;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Receipt;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.domain.TransferSummary;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Branch desks (no window) on one server over HTTPS, as the desk's reversal, receipt and audit
 * screens call them (DeskReversals, DeskReceipts, DeskAudit, the HTTP implementations): a teller
 * reverses a posting once (a second reversal is answered "already reversed"), prints its receipt
 * and a reprint marked DUPLICATE, and an auditor at another desk finds both in the trail and
 * exports it as CSV.
 */
class BranchDeskReversalsReceiptsTest {

  @TempDir Path dir;

  @Test
  void aTellerReversesOncePrintsAndReprintsAndAnAuditorExportsTheTrail() throws Exception {
    try (BranchFixture branch = BranchFixture.start(dir, ServiceObserver.NONE)) {
      AppContext.ClientSettings fast =
          new AppContext.ClientSettings(
              Duration.ofSeconds(5),
              new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 8));
      long payer = branch.ledger.balance(0);
      try (AppContext anna = branch.desk("anna", dir.resolve("anna.desk.sqlite"), fast);
          AppContext omar = branch.desk("omar", dir.resolve("omar.desk.sqlite"), fast)) {
        TransferRequest r =
            new TransferRequest(TestLedger.number(0), TestLedger.number(1), 4_200, "EUR", "rent");
        TransferOutcome posted = send(anna, IdempotencyKey.mint(), r);
        String ref = ((TransferOutcome.Posted) posted).reference();
        assertThat(branch.ledger.balance(0)).isEqualTo(payer - 4_200);

        // The reversal form looks the posting up, then sends under its own key.
        TransferSummary original = anna.deskReversals().posting(anna.actor(), ref).orElseThrow();
        assertThat(original.amountMinor()).isEqualTo(4_200);
        assertThat(anna.deskReversals().posting(anna.actor(), "T-999999")).isEmpty();
        IdempotencyKey k = IdempotencyKey.mint();
        TransferOutcome reversed =
            anna.deskReversals().reverse(anna.actor(), k, ref, "wrong beneficiary");
        assertThat(reversed).isInstanceOf(TransferOutcome.Posted.class);
        String reversal = ((TransferOutcome.Posted) reversed).reference();
        assertThat(branch.ledger.balance(0)).isEqualTo(payer);
        // The same form sends again (a lost answer): replayed, nothing moves.
        TransferOutcome replay = anna.deskReversals().reverse(anna.actor(), k, ref, "again");
        assertThat(((TransferOutcome.Posted) replay).replayed()).isTrue();
        // A second reversal (a new form): already reversed.
        TransferOutcome twice =
            anna.deskReversals().reverse(anna.actor(), IdempotencyKey.mint(), ref, "twice");
        assertThat(twice).isInstanceOf(TransferOutcome.Rejected.class);
        assertThat(((TransferOutcome.Rejected) twice).reason())
            .isEqualTo(RejectionReason.ALREADY_REVERSED);
        assertThat(branch.ledger.balance(0)).isEqualTo(payer);
        assertThat(anna.deskReversals().posting(anna.actor(), ref).orElseThrow().reversedBy())
            .isEqualTo(reversal);

        // The receipt of the reversal, then a reprint: DUPLICATE.
        Receipt first = anna.deskReceipts().issue(anna.actor(), reversal);
        assertThat(first.duplicate()).isFalse();
        assertThat(first.reversalOf()).isEqualTo(ref);
        assertThat(first.amount().minorUnits()).isEqualTo(4_200);
        Receipt copy = anna.deskReceipts().issue(anna.actor(), reversal);
        assertThat(copy.duplicate()).isTrue();
        assertThat(copy.copy()).isEqualTo(2);
        assertThatThrownBy(() -> omar.deskReceipts().issue(omar.actor(), reversal))
            .isInstanceOf(ServiceRefusal.class)
            .extracting(e -> ((ServiceRefusal) e).kind())
            .isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED);

        // Only the auditor reads the trail.
        AuditQuery receipts =
            new AuditQuery(null, null, "anna", null, false, "receipt " + reversal, 100);
        assertThatThrownBy(() -> anna.deskAudit().search(anna.actor(), receipts))
            .isInstanceOf(ServiceRefusal.class)
            .extracting(e -> ((ServiceRefusal) e).kind())
            .isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED);
        List<AuditEvent> found = omar.deskAudit().search(omar.actor(), receipts);
        assertThat(found)
            .extracting(AuditEvent::type)
            .containsExactly(AuditEventType.RECEIPT_REPRINTED, AuditEventType.RECEIPT_PRINTED);
        assertThat(found.get(0).detail()).contains("DUPLICATE");
        StringWriter csv = new StringWriter();
        int rows = omar.deskAudit().exportCsv(omar.actor(), receipts, csv);
        assertThat(rows).isEqualTo(2);
        assertThat(csv.toString())
            .startsWith("id,occurred_at,user_id,event_type,success,workstation,affected,detail")
            .contains("RECEIPT_PRINTED")
            .contains("DUPLICATE");
      }
    }
  }

  private static TransferOutcome send(AppContext desk, IdempotencyKey key, TransferRequest r)
      throws Exception {
    CompletableFuture<AttemptResult> f = new CompletableFuture<>();
    desk.newSubmission(
            key,
            r,
            new RetryingSubmission.Listener() {
              @Override
              public void finished(RetryingSubmission.Final state, AttemptResult last) {
                f.complete(last);
              }
            })
        .start();
    AttemptResult last = f.get(2, TimeUnit.MINUTES);
    assertThat(last).isInstanceOf(AttemptResult.Answered.class);
    return ((AttemptResult.Answered) last).outcome();
  }
}
