package com.onceteller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.app.AppContext;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two desks (two application contexts, each with its own desk store, no window) on one branch
 * server over HTTPS, posting overlapping transfers from the same account: every transfer posted
 * once, balances exact, each desk's records audited against the branch ledger at its next start.
 */
class TwoDesksOneBranchTest {

  @TempDir Path dir;

  @Test
  void twoDesksPostingFromTheSameAccountAtOnceEachPostOnceAndTheBalancesAreExact()
      throws Exception {
    try (BranchFixture branch = BranchFixture.start(dir, ServiceObserver.NONE)) {
      Map<String, Long> totals = branch.ledger.totals();
      long payer = branch.ledger.balance(6);
      AppContext.ClientSettings fast =
          new AppContext.ClientSettings(
              Duration.ofSeconds(5),
              new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 8));
      List<CompletableFuture<AttemptResult>> done = new ArrayList<>();
      long sent = 0;
      try (AppContext anna = desk(branch, "anna", fast);
          AppContext ben = desk(branch, "ben", fast)) {
        for (int i = 0; i < 20; i++) {
          long amount = 100 + i;
          sent += 2 * amount;
          done.add(
              send(
                  anna,
                  new TransferRequest(
                      TestLedger.number(6), TestLedger.number(0), amount, "EUR", "anna " + i)));
          done.add(
              send(
                  ben,
                  new TransferRequest(
                      TestLedger.number(6), TestLedger.number(1), amount, "EUR", "ben " + i)));
        }
        for (CompletableFuture<AttemptResult> f : done) {
          AttemptResult last = f.get(2, TimeUnit.MINUTES);
          assertThat(last).isInstanceOf(AttemptResult.Answered.class);
          assertThat(((AttemptResult.Answered) last).outcome())
              .isInstanceOf(TransferOutcome.Posted.class);
        }
        assertThat(anna.outbox().inDoubt()).isEmpty();
        assertThat(ben.outbox().inDoubt()).isEmpty();
      }
      assertThat(branch.ledger.balance(6)).isEqualTo(payer - sent);
      assertThat(branch.ledger.totals()).isEqualTo(totals);

      // At the next start each desk audits what it acknowledged against the branch: all there.
      try (AppContext anna = desk(branch, "anna", fast)) {
        AppContext.StartUpReport report = anna.startUp();
        assertThat(report.inDoubtFound()).isZero();
        assertThat(report.audit().checked()).isEqualTo(20);
        assertThat(report.audit().confirmed()).isEqualTo(20);
        assertThat(report.audit().incidents()).isEmpty();
        assertThat(anna.outbox().unaudited()).isEmpty();
      }
    }
  }

  private AppContext desk(BranchFixture branch, String teller, AppContext.ClientSettings s) {
    return branch.desk(teller, dir.resolve(teller + ".desk.sqlite"), s);
  }

  static CompletableFuture<AttemptResult> send(AppContext desk, TransferRequest request) {
    CompletableFuture<AttemptResult> f = new CompletableFuture<>();
    desk.newSubmission(
            IdempotencyKey.mint(),
            request,
            new RetryingSubmission.Listener() {
              @Override
              public void finished(RetryingSubmission.Final state, AttemptResult last) {
                f.complete(last);
              }
            })
        .start();
    return f;
  }
}
