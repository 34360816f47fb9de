package com.onceteller.ui.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.demo.Fault;
import com.onceteller.demo.Scenario;
import com.onceteller.demo.ScenarioVerdict;
import com.onceteller.domain.AccountStatus;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.demo.ScenarioPlayerViewModel.StepRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The player's stepping, pausing and verdict, on a desk that records what it was asked. */
class ScenarioPlayerViewModelTest {

  /** A desk that does each step at once and remembers it; the answer comes when told. */
  private static final class RecordingDesk implements ScenarioPlayerViewModel.Desk {
    final List<String> did = new ArrayList<>();
    Runnable answered;
    long postings = 1;

    @Override
    public IdempotencyKey newTransfer(String title, String fileStem) {
      did.add("new " + fileStem);
      return IdempotencyKey.mint();
    }

    @Override
    public void fill(TransferRequest request, Runnable filled) {
      did.add("fill " + request.amount().format());
      filled.run();
    }

    @Override
    public void arm(Fault fault, Duration slowness, IdempotencyKey key) {
      did.add("arm " + fault);
    }

    @Override
    public boolean send() {
      did.add("send");
      return true;
    }

    @Override
    public boolean sendTwice() {
      did.add("send twice");
      return true;
    }

    @Override
    public void resendChanged(TransferRequest changed) {
      did.add("resend " + changed.amount().format());
    }

    @Override
    public void whenAnswered(Runnable r) {
      did.add("wait");
      answered = r;
    }

    @Override
    public void verdict(Consumer<ScenarioVerdict> done, Consumer<Throwable> failed) {
      did.add("verdict");
      AccountSummary a =
          new AccountSummary(TestLedger.number(0), "A", "EUR", 10_000, AccountStatus.OPEN);
      AccountSummary b =
          new AccountSummary(TestLedger.number(1), "B", "EUR", 0, AccountStatus.OPEN);
      AccountSummary a2 =
          new AccountSummary(
              TestLedger.number(0), "A", "EUR", 10_000 - postings * 12_500, AccountStatus.OPEN);
      AccountSummary b2 =
          new AccountSummary(
              TestLedger.number(1), "B", "EUR", postings * 12_500, AccountStatus.OPEN);
      done.accept(new ScenarioVerdict(a, b, a2, b2, postings, 12_500));
    }
  }

  private final RecordingDesk desk = new RecordingDesk();
  private final List<Runnable> paced = new ArrayList<>();
  private final ScenarioPlayerViewModel player =
      new ScenarioPlayerViewModel(desk, (pause, next) -> paced.add(next), Duration.ofSeconds(3));

  private void runPaced() {
    while (!paced.isEmpty()) {
      paced.remove(0).run();
    }
  }

  @Test
  void stepByStepDoesOneStepPerNextStepAndWaitsForTheAnswer() {
    player.start(Scenario.RESPONSE_LOST, true);
    assertThat(desk.did).isEmpty();
    player.step();
    player.step();
    assertThat(desk.did).containsExactly("new response-lost", "fill EUR 125.00");
    player.step();
    player.step();
    player.step();
    assertThat(desk.did).endsWith("arm LOSE_RESPONSE", "send", "wait");
    player.step(); // the answer is not in yet: Next step waits for it
    assertThat(desk.did).last().isEqualTo("wait");
    assertThat(player.steppingProperty().get()).isTrue();
    desk.answered.run();
    player.step();
    assertThat(desk.did).last().isEqualTo("verdict");
    assertThat(player.resultProperty().get().ok()).isTrue();
    assertThat(player.activeProperty().get()).isFalse();
    assertThat(player.steps()).extracting(StepRow::status).containsOnly(StepRow.Status.DONE);
  }

  @Test
  void playingGoesOnByItselfAfterEachPauseUntilPaused() {
    player.start(Scenario.INSUFFICIENT_FUNDS, false);
    runPaced();
    assertThat(desk.did)
        .containsExactly("new insufficient-funds", "fill EUR 500.00", "send", "wait");
    player.pause();
    desk.answered.run();
    runPaced();
    assertThat(desk.did).last().isEqualTo("wait");
    assertThat(player.statusProperty().get()).contains("step 5");
    player.play();
    runPaced();
    assertThat(desk.did).last().isEqualTo("verdict");
  }

  @Test
  void aVerdictOfMoneyMovedTwiceIsShownAsAFailure() {
    desk.postings = 2;
    player.start(Scenario.DOUBLE_CLICK, false);
    runPaced();
    desk.answered.run();
    runPaced();
    assertThat(desk.did).contains("send twice");
    assertThat(player.resultProperty().get().ok()).isFalse();
    assertThat(player.resultProperty().get().headline()).startsWith("FAIL");
  }

  @Test
  void theVerdictStaysUntilTheNextScenarioOrDismiss() {
    player.start(Scenario.REQUEST_LOST, false);
    runPaced();
    desk.answered.run();
    runPaced();
    assertThat(player.resultProperty().get()).isNotNull();
    player.dismissResult();
    assertThat(player.resultProperty().get()).isNull();
  }
}
