package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.app.AppContext;
import com.onceteller.demo.Fault;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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
 * Issue 9, case 3: abandoning a transfer in doubt may never pay twice. Abandon asks first (Enter
 * keeps the transfer), then the ledger voids the key before the desk records anything; a transfer
 * that had posted is shown, not abandoned.
 */
@ExtendWith(ApplicationExtension.class)
class AbandonUiTest {

  /** A short timeout and a long wait before the retry: the teller presses Esc in that wait. */
  static final AppContext.ClientSettings PATIENT =
      new AppContext.ClientSettings(
          Duration.ofSeconds(1),
          new RetryPolicy(Duration.ofSeconds(60), Duration.ofSeconds(60), 3));

  @TempDir Path dir;
  private DesktopFixture app;

  @Start
  void start(Stage stage) {
    app = DesktopFixture.start(stage, dir, DesktopFixture.Options.standard().with(PATIENT));
  }

  @AfterEach
  void close() {
    app.close();
  }

  private long balance(int i) {
    return app.context.queries().account(TestLedger.number(i)).orElseThrow().balanceMinor();
  }

  private String headline(FxRobot robot) {
    return robot.lookup("#statusHeadline").queryAs(Label.class).getText();
  }

  /** Sends {@code amount} from Hartmann to Weber, waits for the timeout, presses Esc. */
  private IdempotencyKey sendThenStop(FxRobot robot, String amount) {
    robot.clickOn("#fromField").write("Hartmann");
    app.waitFor(() -> app.desktop.form().from().chosen() != null);
    robot.clickOn("#toField").write("Weber");
    app.waitFor(() -> app.desktop.form().to().chosen() != null);
    robot.clickOn("#amountField").write(amount).type(KeyCode.ENTER);
    app.waitFor(() -> app.desktop.form().state() == FormState.RETRY_WAIT);
    robot.type(KeyCode.ESCAPE);
    app.waitFor(() -> app.desktop.form().state() == FormState.IN_DOUBT);
    return app.desktop.form().key();
  }

  /** Changes the amount in doubt: the form offers resend or abandon. */
  private void changeAmountTo(FxRobot robot, String amount) {
    robot.doubleClickOn("#amountField");
    robot.interact(() -> robot.lookup("#amountField").queryAs(TextField.class).clear());
    robot.write(amount);
    app.waitFor(() -> app.desktop.form().changedAfterUnknownProperty().get());
  }

  @Test
  void abandoningATransferThatPostedMeanwhileShowsThePostingAndPaysOnce(FxRobot robot) {
    long from = balance(0);
    long transfers = app.context.queries().countTransfers();
    // The sequence: slow service, 77.00, Esc after the timeout, change to 78, abandon.
    app.faults().arm(Fault.SLOW_SERVICE, Duration.ofSeconds(6));
    IdempotencyKey first = sendThenStop(robot, "77");
    changeAmountTo(robot, "78");
    robot.clickOn("#abandonButton");
    app.waitFor(() -> robot.lookup("#abandonDialog").tryQuery().isPresent());
    robot.clickOn("#abandonDialogYes");
    // While the first attempt is still inside the ledger the abandon cannot be decided: the form
    // says so and keeps the transfer; asked again, it gets the ledger's answer.
    app.waitFor(
        () -> {
          if (app.desktop.form().state() != FormState.IN_DOUBT) {
            return true;
          }
          if (!app.desktop.form().busyProperty().get()
              && robot.lookup("#abandonDialog").tryQuery().isEmpty()) {
            robot.interact(() -> app.desktop.form().abandonAndStartNew());
          }
          return false;
        });
    assertThat(app.desktop.form().state()).isEqualTo(FormState.ALREADY_POSTED);
    assertThat(app.desktop.form().key()).isEqualTo(first);
    assertThat(app.desktop.form().detailProperty().get()).startsWith("Not abandoned");
    assertThat(robot.lookup("#amountField").queryAs(TextField.class).getText()).isEqualTo("77.00");
    // Enter now sends nothing: the form shows a decision.
    robot.type(KeyCode.ENTER);
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    assertThat(app.context.queries().countTransfers()).isEqualTo(transfers + 1);
    assertThat(app.context.queries().countTransfersForKey(first.value())).isEqualTo(1);
    assertThat(balance(0)).isEqualTo(from - 7_700);
  }

  @Test
  void enterInTheQuestionKeepsTheTransferAndAbandonVoidsTheKeyBeforeANewOneIsSent(FxRobot robot) {
    long from = balance(0);
    app.faults().arm(Fault.LOSE_REQUEST, Duration.ZERO);
    IdempotencyKey first = sendThenStop(robot, "77");
    changeAmountTo(robot, "78");
    robot.clickOn("#abandonButton");
    app.waitFor(() -> robot.lookup("#abandonDialog").tryQuery().isPresent());
    robot.type(KeyCode.ENTER); // the safe answer is the default
    app.waitFor(() -> robot.lookup("#abandonDialog").tryQuery().isEmpty());
    assertThat(app.desktop.form().state()).isEqualTo(FormState.IN_DOUBT);
    assertThat(app.desktop.form().key()).isEqualTo(first);
    assertThat(app.context.queries().statusOf(TestActors.TELLER, first).state())
        .isEqualTo(KeyStatus.State.UNKNOWN);

    robot.clickOn("#abandonButton");
    app.waitFor(() -> robot.lookup("#abandonDialog").tryQuery().isPresent());
    robot.clickOn("#abandonDialogYes");
    app.waitFor(() -> app.desktop.form().state() == FormState.DRAFT);
    assertThat(app.context.queries().statusOf(TestActors.TELLER, first).state())
        .isEqualTo(KeyStatus.State.VOIDED);
    IdempotencyKey second = app.desktop.form().key();
    assertThat(second).isNotEqualTo(first);
    assertThat(app.desktop.form().detailProperty().get()).contains("voided its key");

    robot.clickOn("#amountField").type(KeyCode.ENTER);
    app.waitFor(() -> app.desktop.form().state() == FormState.POSTED);
    assertThat(headline(robot)).startsWith("Posted");
    assertThat(app.context.queries().countTransfersForKey(first.value())).isZero();
    assertThat(app.context.queries().countTransfersForKey(second.value())).isEqualTo(1);
    assertThat(balance(0)).isEqualTo(from - 7_800);
  }

  @Test
  void abandonInTheInDoubtListAsksFirstThenVoidsTheKeyInTheLedger(FxRobot robot) {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r =
        new TransferRequest(TestLedger.number(0), TestLedger.number(1), 4_200, "EUR", "Held");
    // an earlier run recorded it and sent an attempt that got no answer
    app.leaveInDoubt(key, r);
    robot.interact(() -> app.desktop.inDoubt().reload());
    app.waitFor(() -> robot.lookup("#inDoubtBanner").query().isVisible());

    robot.clickOn("#abandonInDoubtButton");
    app.waitFor(() -> robot.lookup("#abandonInDoubtDialog").tryQuery().isPresent());
    robot.clickOn("#abandonInDoubtDialogNo");
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    assertThat(app.context.queries().statusOf(TestActors.TELLER, key).state())
        .isEqualTo(KeyStatus.State.UNKNOWN);
    assertThat(app.desktop.inDoubt().rows()).hasSize(1);

    robot.clickOn("#abandonInDoubtButton");
    app.waitFor(() -> robot.lookup("#abandonInDoubtDialog").tryQuery().isPresent());
    robot.clickOn("#abandonInDoubtDialogYes");
    app.waitFor(
        () -> robot.lookup("#inDoubtAnswer").queryAs(Label.class).getText().contains("voided"));
    assertThat(app.context.queries().statusOf(TestActors.TELLER, key).state())
        .isEqualTo(KeyStatus.State.VOIDED);
    assertThat(app.desktop.inDoubt().rows()).isEmpty();
    assertThat(app.context.queries().countTransfersForKey(key.value())).isZero();
  }

  @Test
  void escStopsRetryingAndTheTransferStaysInDoubt(FxRobot robot) {
    // The first attempt times out inside a slow service; the retry waits a minute, so Esc always
    // lands in that wait (with a short backoff a busy machine could start the retry first).
    app.faults().arm(Fault.SLOW_SERVICE, Duration.ofSeconds(3));
    IdempotencyKey key = sendThenStop(robot, "7");
    assertThat(app.desktop.form().state()).isEqualTo(FormState.IN_DOUBT);
    assertThat(app.desktop.form().key()).isEqualTo(key);
    assertThat(app.desktop.form().retry().attempts()).hasSize(1);
  }
}
