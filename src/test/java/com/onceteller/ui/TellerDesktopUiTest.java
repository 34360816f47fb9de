package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.ui.main.MainViewModel;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
import org.testfx.util.WaitForAsyncUtils;

/** The real teller window on a real H2 ledger, driven by keyboard and mouse under Monocle. */
@ExtendWith(ApplicationExtension.class)
class TellerDesktopUiTest {

  @TempDir static Path dir;
  private UiFixture fx;
  private TellerDesktop desktop;

  @Start
  void start(Stage stage) throws Exception {
    fx = UiFixture.standard(dir.resolve("t" + System.nanoTime()));
    desktop =
        new TellerDesktop(
            fx.services,
            new TaskRunner(fx.background, FxUiThread.INSTANCE),
            new MainViewModel(
                fx.ledger.file.toString(),
                true,
                new MainViewModel.About("test", fx.ledger.file.toString(), "-", "-")),
            null);
    desktop
        .form()
        .stateProperty()
        .addListener(
            (o, a, b) ->
                System.out.println(
                    "STATE " + a + " -> " + b + " " + desktop.form().headlineProperty().get()));
    desktop.attach(stage);
    stage.show();
    desktop.start();
  }

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  private void fillByKeyboard(FxRobot robot, String from, String to, String amount) {
    robot.clickOn("#fromField").write(from);
    waitFor(() -> desktop.form().from().chosen() != null);
    robot.clickOn("#toField").write(to);
    waitFor(() -> desktop.form().to().chosen() != null);
    robot.clickOn("#amountField").write(amount);
  }

  private void waitFor(java.util.concurrent.Callable<Boolean> condition) {
    try {
      WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    } catch (java.util.concurrent.TimeoutException e) {
      var f = desktop.form();
      throw new AssertionError(
          "condition not met in time; form "
              + f.state()
              + " / "
              + f.headlineProperty().get()
              + " / "
              + f.detailProperty().get()
              + " / sends "
              + fx.transport.sends.get(),
          e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  private FormState state() {
    return desktop.form().state();
  }

  @Test
  void theFormMintsItsKeyOnOpenAndANewOneOnlyOnNewTransfer(FxRobot robot) {
    Label key = robot.lookup("#keyLabel").queryAs(Label.class);
    IdempotencyKey first = desktop.form().key();
    assertThat(key.getText()).isEqualTo(first.shortForm());
    fillByKeyboard(robot, "Hartmann", "Weber", "5");
    robot.clickOn("#memoField").write("Typing does not mint");
    assertThat(desktop.form().key()).isEqualTo(first);
    robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(desktop.form().key()).isNotEqualTo(first);
    assertThat(key.getText()).isEqualTo(desktop.form().key().shortForm());
    assertThat(robot.lookup("#amountField").queryAs(TextField.class).getText()).isEmpty();
  }

  @Test
  void doubleEnterAndDoubleClickPostOnce(FxRobot robot) {
    long before = fx.ledger.balance(0);
    fillByKeyboard(robot, "Hartmann", "Weber", "10");
    robot.type(KeyCode.ENTER).type(KeyCode.ENTER);
    waitFor(() -> state().decided());
    assertThat(state()).isEqualTo(FormState.POSTED);
    IdempotencyKey first = desktop.form().key();

    robot.clickOn("#newTransferButton");
    fillByKeyboard(robot, "Hartmann", "Weber", "7");
    robot.doubleClickOn("#submitButton");
    waitFor(() -> state().decided());
    assertThat(state()).isEqualTo(FormState.POSTED);

    assertThat(fx.transport.sends.get()).isEqualTo(2);
    assertThat(fx.ledger.queries.countTransfersForKey(first.value())).isEqualTo(1);
    assertThat(fx.ledger.queries.countTransfers()).isEqualTo(2);
    assertThat(fx.ledger.balance(0)).isEqualTo(before - 1_700);
    assertThat(robot.lookup("#submitButton").queryAs(Button.class).isDisabled()).isTrue();
    assertThat(robot.lookup("#statusHeadline").queryAs(Label.class).getText()).startsWith("Posted");
    // the journal and balances refresh after the decision
    waitFor(() -> robot.lookup("#journalTable").queryAs(TableView.class).getItems().size() == 2);
  }

  @Test
  void insufficientFundsIsRejectedNotRetriedAndBalancesUnchanged(FxRobot robot) {
    Map<String, Long> totals = fx.ledger.totals();
    long leonie = fx.ledger.balance(3);
    fillByKeyboard(robot, "Leonie", "Hartmann", "5000");
    robot.type(KeyCode.ENTER);
    waitFor(() -> state().decided());
    assertThat(state()).isEqualTo(FormState.REJECTED);
    assertThat(robot.lookup("#statusHeadline").queryAs(Label.class).getText())
        .contains("Insufficient funds");
    assertThat(robot.lookup("#attemptsTable").queryAs(TableView.class).getItems()).hasSize(1);
    assertThat(fx.transport.sends.get()).isEqualTo(1);
    assertThat(fx.ledger.balance(3)).isEqualTo(leonie);
    assertThat(fx.ledger.totals()).isEqualTo(totals);
  }

  @Test
  void theUiStaysResponsiveWhileAServiceCallIsInFlight(FxRobot robot) {
    fillByKeyboard(robot, "Hartmann", "Weber", "3");
    fx.transport.close(); // the service holds the attempt
    robot.type(KeyCode.ENTER);
    waitFor(() -> fx.transport.sends.get() == 1);
    assertThat(state()).isIn(FormState.SENDING, FormState.RETRY_WAIT);
    // another control reacts while the submit is in flight
    robot.clickOn("#journalSearch").write("T-0");
    assertThat(robot.lookup("#journalSearch").queryAs(TextField.class).getText()).isEqualTo("T-0");
    assertThat(state()).isIn(FormState.SENDING, FormState.RETRY_WAIT, FormState.IN_DOUBT);
    assertThat(fx.ledger.queries.countTransfers()).isZero();
    fx.transport.open();
    waitFor(() -> state().decided());
    assertThat(state()).isIn(FormState.POSTED, FormState.ALREADY_POSTED);
    assertThat(fx.ledger.queries.countTransfers()).isEqualTo(1);
  }

  @Test
  void formRefusesHostileInputWithAClearMessage(FxRobot robot) {
    fillByKeyboard(robot, "Hartmann", "Weber", "1e5");
    robot.type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#amountError").queryAs(Label.class).getText()).contains("scientific");
    robot.doubleClickOn("#amountField").eraseText(3).write("12");
    robot.interact(
        () -> robot.lookup("#memoField").queryAs(TextField.class).setText("x".repeat(10_000)));
    robot.clickOn("#submitButton");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#memoError").queryAs(Label.class).getText())
        .contains("10000 characters");
    assertThat(state()).isEqualTo(FormState.DRAFT);
    assertThat(fx.transport.sends.get()).isZero();
    assertThat(fx.ledger.queries.countTransfers()).isZero();
  }
}
