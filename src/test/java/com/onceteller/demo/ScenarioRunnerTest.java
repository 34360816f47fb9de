package com.onceteller.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.app.AppContext;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.timeline.AttemptStory;
import com.onceteller.domain.TransferOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every scripted demonstration, end to end through client, faults, service and a real H2 file. */
class ScenarioRunnerTest {

  private static final AppContext.ClientSettings FAST =
      new AppContext.ClientSettings(
          Duration.ofMillis(2_000),
          new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), 10));

  @TempDir Path dir;
  private AppContext ctx;
  private ScenarioRunner runner;

  @BeforeEach
  void open() {
    ctx = AppContext.open(dir.resolve("demo.mv.db"), true, FAST);
    ctx.signedOn(com.onceteller.TestActors.TELLER);
    runner =
        new ScenarioRunner(
            ctx::newSubmission,
            ctx.client(),
            ctx.faultPlan(),
            ctx.queries(),
            ctx.timeline(),
            FAST.timeout());
  }

  @AfterEach
  void close() {
    ctx.close();
  }

  private ScenarioReport run(Scenario s) throws InterruptedException {
    ScenarioReport r = runner.run(s, RetryingSubmission.Listener.NONE);
    assertThat(r.movedAtMostOnce()).as(r.verdict()).isTrue();
    return r;
  }

  private static List<AttemptStory.Case> cases(ScenarioReport r) {
    return AttemptStory.of(r.events()).stream().map(AttemptStory::kase).toList();
  }

  private static TransferOutcome last(ScenarioReport r) {
    return r.answers().get(r.answers().size() - 1);
  }

  @Test
  void lostRequestIsRetriedAndPostsOnce() throws Exception {
    ScenarioReport r = run(Scenario.REQUEST_LOST);
    assertThat(cases(r)).containsExactly(AttemptStory.Case.REQUEST_LOST, AttemptStory.Case.POSTED);
    assertThat(last(r))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isFalse());
    assertThat(r.postingsForKey()).isEqualTo(1);
  }

  @Test
  void crashBeforeCommitRollsBackAndTheRetryPostsOnce() throws Exception {
    ScenarioReport r = run(Scenario.CRASH_ROLLED_BACK);
    assertThat(cases(r))
        .containsExactly(AttemptStory.Case.CRASH_ROLLED_BACK, AttemptStory.Case.POSTED);
    assertThat(r.postingsForKey()).isEqualTo(1);
  }

  @Test
  void retryAfterLostResponseReplaysTheFirstOutcome() throws Exception {
    ScenarioReport r = run(Scenario.RESPONSE_LOST);
    assertThat(cases(r))
        .containsExactly(AttemptStory.Case.RESPONSE_LOST, AttemptStory.Case.REPLAYED);
    assertThat(last(r))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
    assertThat(r.postingsForKey()).isEqualTo(1);
  }

  @Test
  void doubleClickPostsOnce() throws Exception {
    ScenarioReport r = run(Scenario.DOUBLE_CLICK);
    assertThat(r.postingsForKey()).isEqualTo(1);
    assertThat(r.answers())
        .filteredOn(o -> o instanceof TransferOutcome.Posted p && !p.replayed())
        .hasSize(1);
  }

  @Test
  void retryRacingASlowFirstAttemptNeverPostsTwice() throws Exception {
    ScenarioReport r = run(Scenario.SLOW_RETRY_RACE);
    assertThat(r.postingsForKey()).isEqualTo(1);
    assertThat(cases(r).get(0)).isIn(AttemptStory.Case.RESPONSE_LOST, AttemptStory.Case.TIMED_OUT);
    assertThat(last(r)).isInstanceOf(TransferOutcome.Posted.class);
  }

  @Test
  void keyReusedWithAChangedAmountIsRefusedAndNothingMoreMoves() throws Exception {
    ScenarioReport r = run(Scenario.KEY_REUSED);
    assertThat(last(r)).isInstanceOf(TransferOutcome.KeyReused.class);
    assertThat(r.postingsForKey()).isEqualTo(1);
  }

  @Test
  void insufficientFundsIsRejectedOnceAndNotRetried() throws Exception {
    ScenarioReport r = run(Scenario.INSUFFICIENT_FUNDS);
    assertThat(r.answers()).hasSize(1);
    assertThat(last(r)).isInstanceOf(TransferOutcome.Rejected.class);
    assertThat(r.postingsForKey()).isZero();
    assertThat(r.fromAfter().balanceMinor()).isEqualTo(r.fromBefore().balanceMinor());
  }
}
