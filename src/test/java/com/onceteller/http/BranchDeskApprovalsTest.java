package com.onceteller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.app.AppContext;
import com.onceteller.branch.service.ConfigurationService;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.domain.Approval;
import com.onceteller.domain.ApprovalResult;
import com.onceteller.domain.EndOfDayReport;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.PendingApproval;
import com.onceteller.domain.Role;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two branch desks (no window) on one server over HTTPS: a teller's transfer above her limit at one
 * desk is approved by a supervisor from the queue at another desk, and the teller's same key posts
 * once; a second one is approved over her shoulder at her own desk; then she closes her day from
 * her desk. What the desk's approval and end-of-day screens call (DeskApprovals, DeskEndOfDay), the
 * HTTP implementations.
 */
class BranchDeskApprovalsTest {

  @TempDir Path dir;

  @Test
  void aSupervisorAtAnotherDeskApprovesATellersTransferAndItPostsOnce() throws Exception {
    try (BranchFixture branch = BranchFixture.start(dir, ServiceObserver.NONE)) {
      new ConfigurationService(branch.ledger.database, Clock.systemUTC())
          .setLimit(TestActors.ADMINISTRATOR, Role.TELLER, "USD", 1_000, 50_000);
      AppContext.ClientSettings fast =
          new AppContext.ClientSettings(
              Duration.ofSeconds(5),
              new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 8));
      long payer = branch.ledger.balance(8);
      try (AppContext anna = branch.desk("anna", dir.resolve("anna.desk.sqlite"), fast);
          AppContext sara = branch.desk("sara", dir.resolve("sara.desk.sqlite"), fast)) {
        TransferRequest big =
            new TransferRequest(TestLedger.number(8), TestLedger.number(9), 2_500, "USD", "big");
        IdempotencyKey k = IdempotencyKey.mint();
        assertThat(send(anna, k, big)).isInstanceOf(TransferOutcome.NeedsApproval.class);

        // Sara's queue, at her own desk, over HTTP.
        var queue = sara.deskApprovals().queue(sara.actor());
        PendingApproval p = queue.stream().filter(x -> x.key().equals(k)).findFirst().orElseThrow();
        assertThat(p.tellerId()).isEqualTo("anna");
        assertThat(p.request().amountMinor()).isEqualTo(2_500);
        // Anna may not approve (not even someone else's).
        assertThatThrownBy(
                () ->
                    anna.deskApprovals()
                        .approve(anna.actor(), "anna", k, p.fingerprint(), "myself"))
            .isInstanceOf(ServiceRefusal.class)
            .extracting(e -> ((ServiceRefusal) e).kind())
            .isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED);
        ApprovalResult approved =
            sara.deskApprovals()
                .approve(sara.actor(), "anna", k, p.fingerprint(), "ID checked at the counter");
        assertThat(approved.approval().approverId()).isEqualTo("sara");
        assertThat(approved.approval().mode()).isEqualTo(Approval.Mode.QUEUE);
        assertThat(sara.deskApprovals().queue(sara.actor())).noneMatch(x -> x.key().equals(k));

        // Anna's desk sends the same key again: it posts once; once more replays.
        TransferOutcome posted = send(anna, k, big);
        assertThat(posted).isInstanceOf(TransferOutcome.Posted.class);
        assertThat(((TransferOutcome.Posted) posted).replayed()).isFalse();
        TransferOutcome again = send(anna, k, big);
        assertThat(((TransferOutcome.Posted) again).replayed()).isTrue();
        assertThat(branch.ledger.balance(8)).isEqualTo(payer - 2_500);

        // Over the shoulder: Sara types her credentials on Anna's desk.
        IdempotencyKey k2 = IdempotencyKey.mint();
        TransferRequest big2 =
            new TransferRequest(TestLedger.number(8), TestLedger.number(9), 3_000, "USD", "big 2");
        assertThat(send(anna, k2, big2)).isInstanceOf(TransferOutcome.NeedsApproval.class);
        assertThatThrownBy(
                () ->
                    anna.deskApprovals()
                        .approveOverTheShoulder(
                            "sara",
                            "wrong-password-1".toCharArray(),
                            anna.actor().workstation(),
                            "anna",
                            k2,
                            big2.normalized().fingerprint(),
                            "typed wrong"))
            .isInstanceOf(ServiceRefusal.class);
        ApprovalResult shoulder =
            anna.deskApprovals()
                .approveOverTheShoulder(
                    "sara",
                    TestLedger.passwordOf("sara").toCharArray(),
                    anna.actor().workstation(),
                    "anna",
                    k2,
                    big2.normalized().fingerprint(),
                    "known customer");
        assertThat(shoulder.approval().mode()).isEqualTo(Approval.Mode.OVER_THE_SHOULDER);
        assertThat(shoulder.approval().approverWorkstation()).isEqualTo(anna.actor().workstation());
        assertThat(send(anna, k2, big2)).isInstanceOf(TransferOutcome.Posted.class);
        assertThat(branch.ledger.balance(8)).isEqualTo(payer - 5_500);

        // Anna closes her day from her desk; the report says who and that it is closed.
        EndOfDayReport open =
            anna.deskEndOfDay().tellerReport(anna.actor(), "anna", anna.deskInDoubt());
        assertThat(open.closed()).isFalse();
        assertThat(open.blockers()).isEmpty();
        EndOfDayReport closed =
            anna.deskEndOfDay().closeTellerDay(anna.actor(), "anna", anna.deskInDoubt());
        assertThat(closed.closed()).isTrue();
        assertThat(closed.closedBy()).isEqualTo("anna");
        assertThat(closed.lines()).anyMatch(l -> l.currency().equals("USD"));
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
