package com.onceteller.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.app.AppContext;
import com.onceteller.desk.client.AttemptKind;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.timeline.AttemptStory;
import com.onceteller.desk.timeline.TimelineDrawing;
import com.onceteller.desk.timeline.TimelineDrawing.Shape;
import com.onceteller.desk.timeline.TimelineLayout;
import com.onceteller.domain.TransferOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scripted demonstration, end to end through client, faults, service and a real H2 file:
 * money moves at most once, and the timeline tells the story with the right captions and marks.
 */
class ScenarioRunnerTest {

  private static final AppContext.ClientSettings FAST =
      new AppContext.ClientSettings(
          Duration.ofMillis(3_000), // long enough that a busy machine does not add timeouts
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

  private static List<AttemptStory> stories(ScenarioReport r) {
    return AttemptStory.of(r.events());
  }

  private static List<AttemptKind> kinds(ScenarioReport r) {
    return stories(r).stream().map(AttemptStory::kind).toList();
  }

  private static String caption(ScenarioReport r, int n) {
    return stories(r).get(n - 1).caption();
  }

  /** The shapes drawn on attempt #n's path, left to right. */
  private static List<Shape> marks(ScenarioReport r, int n) {
    TimelineDrawing d =
        TimelineLayout.layout(
            r.scenario().description(),
            r.events(),
            new TimelineLayout.Options(760, TimelineLayout.TextMeasure.perCharacter(0.58), false));
    return d.marks().stream()
        .filter(m -> m.attempt() == n)
        .sorted(java.util.Comparator.comparingDouble(TimelineDrawing.Mark::x))
        .map(TimelineDrawing.Mark::shape)
        .toList();
  }

  private static TransferOutcome last(ScenarioReport r) {
    return r.answers().get(r.answers().size() - 1);
  }

  @Test
  void lostRequestIsRetriedAndPostsOnce() throws Exception {
    ScenarioReport r = run(Scenario.REQUEST_LOST);
    assertThat(kinds(r)).containsExactly(AttemptKind.REQUEST_LOST, AttemptKind.POSTED);
    assertThat(caption(r, 1)).startsWith("#1 Request lost:").contains("never saw it");
    assertThat(caption(r, 2)).startsWith("#2 Posted:").contains("the money moved, once");
    assertThat(marks(r, 1)).containsExactly(Shape.DOT, Shape.CROSS, Shape.CROSS);
    assertThat(marks(r, 2)).contains(Shape.SQUARE, Shape.CIRCLE).doesNotContain(Shape.CROSS);
    assertThat(r.postingsForKey()).isEqualTo(1);
  }

  @Test
  void crashBeforeCommitRollsBackAndTheRetryPostsOnce() throws Exception {
    ScenarioReport r = run(Scenario.CRASH_ROLLED_BACK);
    assertThat(kinds(r)).containsExactly(AttemptKind.CRASHED_ROLLED_BACK, AttemptKind.POSTED);
    assertThat(caption(r, 1)).contains("crashed", "rolled back and nothing was kept");
    assertThat(marks(r, 1)).contains(Shape.CROSS, Shape.BAR).doesNotContain(Shape.SQUARE);
    assertThat(marks(r, 2)).contains(Shape.SQUARE);
    assertThat(r.postingsForKey()).isEqualTo(1);
  }

  @Test
  void retryAfterLostResponseReplaysTheFirstOutcome() throws Exception {
    ScenarioReport r = run(Scenario.RESPONSE_LOST);
    assertThat(kinds(r)).containsExactly(AttemptKind.RESPONSE_LOST, AttemptKind.REPLAYED);
    assertThat(caption(r, 1)).contains("committed the transfer", "answer was lost");
    assertThat(caption(r, 2)).contains("answered from the stored outcome", "No money moved");
    assertThat(marks(r, 1)).contains(Shape.SQUARE, Shape.CROSS);
    assertThat(marks(r, 2)).contains(Shape.DIAMOND).doesNotContain(Shape.SQUARE);
    assertThat(last(r))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
  }

  @Test
  void doubleClickIsTwoSendsAtOnceAndPostsOnce() throws Exception {
    ScenarioReport r = run(Scenario.DOUBLE_CLICK);
    assertThat(r.postingsForKey()).isEqualTo(1);
    List<AttemptStory> s = stories(r);
    assertThat(s).hasSize(2);
    assertThat(kinds(r)).containsExactlyInAnyOrder(AttemptKind.POSTED, AttemptKind.REPLAYED);
    assertThat(s.get(1).sentWhileRunning()).as("sent while #1 was on its way").isEqualTo(1);
    assertThat(caption(r, 2)).contains("sent while #1 was");
    assertThat(r.answers())
        .filteredOn(o -> o instanceof TransferOutcome.Posted p && !p.replayed())
        .hasSize(1);
  }

  @Test
  void retryRacingASlowFirstAttemptTimesOutWaitsAndReplays() throws Exception {
    ScenarioReport r = run(Scenario.SLOW_RETRY_RACE);
    assertThat(r.postingsForKey()).isEqualTo(1);
    assertThat(kinds(r).get(0)).isEqualTo(AttemptKind.TIMED_OUT);
    assertThat(caption(r, 1))
        .startsWith("#1 Timed out:")
        .containsPattern("no answer within \\d+\\.\\d s")
        .contains("committed the transfer")
        .doesNotContain("Response lost");
    assertThat(marks(r, 1)).contains(Shape.CLOCK, Shape.SQUARE);
    AttemptStory second = stories(r).get(1);
    // On a busy machine the retry may itself time out while it waits for the key: still a wait.
    assertThat(second.kind())
        .isIn(AttemptKind.REPLAYED, AttemptKind.IN_PROGRESS, AttemptKind.TIMED_OUT);
    assertThat(second.afterGivingUp()).isNotEqualTo(AttemptStory.AfterGivingUp.ROLLED_BACK);
    assertThat(second.metInService()).isEqualTo(1);
    assertThat(caption(r, 2)).contains("#1").doesNotContain("Crash", "crashed");
    assertThat(marks(r, 2)).doesNotContain(Shape.BAR, Shape.SQUARE);
    assertThat(last(r)).isInstanceOf(TransferOutcome.Posted.class);
  }

  @Test
  void keyReusedWithAChangedAmountIsRefusedAndNothingMoreMoves() throws Exception {
    ScenarioReport r = run(Scenario.KEY_REUSED);
    assertThat(kinds(r)).containsExactly(AttemptKind.POSTED, AttemptKind.KEY_REUSED);
    assertThat(caption(r, 2)).startsWith("#2 Key reused:").doesNotContain("Replay");
    assertThat(marks(r, 2)).contains(Shape.HOLLOW_SQUARE).doesNotContain(Shape.DIAMOND);
    assertThat(last(r)).isInstanceOf(TransferOutcome.KeyReused.class);
    assertThat(r.postingsForKey()).isEqualTo(1);
  }

  @Test
  void insufficientFundsIsRejectedOnceNotRetriedAndDrawsNoPosting() throws Exception {
    ScenarioReport r = run(Scenario.INSUFFICIENT_FUNDS);
    assertThat(r.answers()).hasSize(1);
    assertThat(kinds(r)).containsExactly(AttemptKind.REJECTED);
    assertThat(caption(r, 1)).contains("Insufficient funds", "no money moved");
    assertThat(marks(r, 1)).contains(Shape.HOLLOW_SQUARE).doesNotContain(Shape.SQUARE);
    assertThat(r.postingsForKey()).isZero();
    assertThat(r.fromAfter().balanceMinor()).isEqualTo(r.fromBefore().balanceMinor());
  }
}
