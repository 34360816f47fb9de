package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.demo.Fault;
import com.onceteller.desk.client.AttemptKind;
import com.onceteller.desk.timeline.AttemptStory;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Path;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The article's failure cases sent from the real window, through the app's composition root in demo
 * mode (fault-injecting transport and service observer, timeline, outbox) on a real H2 file.
 */
@ExtendWith(ApplicationExtension.class)
class FailureCasesUiTest {

  @TempDir Path dir;
  private DesktopFixture app;
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    app = DesktopFixture.start(stage, dir);
  }

  @AfterEach
  void close() {
    app.close();
  }

  private long balance(int i) {
    return app.context.queries().account(TestLedger.number(i)).orElseThrow().balanceMinor();
  }

  /** Sends 125.00 from Amelie Hartmann to Jonas Weber with {@code fault} armed; returns the key. */
  private IdempotencyKey sendWith(FxRobot robot, Fault fault) {
    app.arm(fault);
    robot.clickOn("#fromField").write("Hartmann");
    app.waitFor(() -> app.desktop.form().from().chosen() != null);
    robot.clickOn("#toField").write("Weber");
    app.waitFor(() -> app.desktop.form().to().chosen() != null);
    robot.clickOn("#amountField").write("125").type(KeyCode.ENTER);
    app.waitFor(() -> app.desktop.form().state().decided());
    return app.desktop.form().key();
  }

  private void assertMovedOnce(IdempotencyKey key, long from0, long to1) {
    assertThat(app.desktop.form().state()).isIn(FormState.POSTED, FormState.ALREADY_POSTED);
    assertThat(app.context.queries().countTransfersForKey(key.value())).isEqualTo(1);
    assertThat(balance(0)).isEqualTo(from0 - 12_500);
    assertThat(balance(1)).isEqualTo(to1 + 12_500);
  }

  private String caption(FxRobot robot, int n) {
    app.waitFor(() -> robot.lookup("#caption" + n).tryQuery().isPresent());
    return robot.lookup("#caption" + n).queryAs(Label.class).getText();
  }

  @Test
  void lostRequestEndsPostedOnceAndTheTimelineShowsTheLossAndTheRetry(FxRobot robot) {
    long a = balance(0);
    long b = balance(1);
    IdempotencyKey key = sendWith(robot, Fault.LOSE_REQUEST);
    assertMovedOnce(key, a, b);
    assertThat(app.desktop.form().state()).isEqualTo(FormState.POSTED);
    assertThat(caption(robot, 1)).startsWith("#1 Request lost");
    assertThat(caption(robot, 2)).startsWith("#2 Posted");
    assertThat(robot.lookup("#timelineTitle").queryAs(Label.class).getText())
        .startsWith("Transfer " + key.shortForm())
        .contains("EUR 125.00", "Amelie Hartmann → Jonas Weber", "2 attempts");
  }

  @Test
  void crashBeforeCommitRollsBackAndTheRetryPostsOnce(FxRobot robot) {
    long a = balance(0);
    long b = balance(1);
    IdempotencyKey key = sendWith(robot, Fault.CRASH_BEFORE_COMMIT);
    assertMovedOnce(key, a, b);
    assertThat(caption(robot, 1)).contains("crashed", "rolled back");
  }

  @Test
  void lostResponseEndsAlreadyPostedThroughAReplay(FxRobot robot) {
    long a = balance(0);
    long b = balance(1);
    IdempotencyKey key = sendWith(robot, Fault.LOSE_RESPONSE);
    assertMovedOnce(key, a, b);
    assertThat(app.desktop.form().state()).isEqualTo(FormState.ALREADY_POSTED);
    assertThat(robot.lookup("#statusHeadline").queryAs(Label.class).getText())
        .startsWith("Already posted at");
    assertThat(caption(robot, 1)).startsWith("#1 Response lost after commit");
    assertThat(caption(robot, 2)).startsWith("#2 Replayed");
    assertThat(app.extras().timeline().stories())
        .extracting(AttemptStory::kind)
        .containsExactly(AttemptKind.RESPONSE_LOST, AttemptKind.REPLAYED);
  }

  @Test
  void aSlowServiceTimesOutAndTheRetryWaitsAndReplaysNeverPostingTwice(FxRobot robot) {
    long a = balance(0);
    long b = balance(1);
    IdempotencyKey key = sendWith(robot, Fault.SLOW_SERVICE);
    assertMovedOnce(key, a, b);
    assertThat(app.desktop.form().retry().attempts().size()).isGreaterThan(1);
    assertThat(caption(robot, 1)).startsWith("#1 Timed out").doesNotContain("Response lost");
    assertThat(caption(robot, 2)).doesNotContain("Crash");
  }

  @Test
  void anInDoubtTransferIsResolvedWithItsOwnKeyPostsOnceAndTheBannerShrinks(FxRobot robot) {
    long a = balance(0);
    Map<String, Long> totals = app.context.queries().totalsByCurrency();
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r =
        new TransferRequest(TestLedger.number(0), TestLedger.number(1), 4_200, "EUR", "Crash");
    // the app died after recording the submission and sending an attempt with no answer
    app.leaveInDoubt(key, r);
    robot.interact(() -> app.desktop.inDoubt().reload());
    app.waitFor(() -> robot.lookup("#inDoubtBanner").query().isVisible());
    assertThat(robot.lookup("#inDoubtTitle").queryAs(Label.class).getText())
        .isEqualTo("1 transfer in doubt");
    robot.clickOn("#resolveButton");
    app.waitFor(
        () -> robot.lookup("#inDoubtAnswer").queryAs(Label.class).getText().contains("posted"));
    assertThat(robot.lookup("#inDoubtAnswer").queryAs(Label.class).getText())
        .contains("posted now");
    assertThat(app.context.queries().countTransfersForKey(key.value())).isEqualTo(1);
    assertThat(balance(0)).isEqualTo(a - 4_200);
    assertThat(app.context.queries().totalsByCurrency()).isEqualTo(totals);
    app.waitFor(() -> !robot.lookup("#inDoubtList").query().isVisible());
    // nothing left in doubt: one line with the answer, no empty list keeping its height
    assertThat(robot.lookup("#inDoubtBanner").query().getBoundsInLocal().getHeight())
        .isLessThan(60);
    robot.clickOn("#dismissAnswerButton");
    app.waitFor(() -> !robot.lookup("#inDoubtBanner").query().isVisible());
  }
}
