package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Path;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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

/** The transfer form as a teller uses it, on the desktop the app builds (DesktopFixture). */
@ExtendWith(ApplicationExtension.class)
class TellerFormUiTest {

  @TempDir Path dir;
  private DesktopFixture app;

  @Start
  void start(Stage stage) {
    app = DesktopFixture.start(stage, dir);
  }

  @AfterEach
  void close() {
    app.close();
  }

  private void fill(FxRobot robot, String from, String to, String amount) {
    robot.clickOn("#fromField").write(from);
    app.waitFor(() -> app.desktop.form().from().chosen() != null);
    robot.clickOn("#toField").write(to);
    app.waitFor(() -> app.desktop.form().to().chosen() != null);
    robot.clickOn("#amountField").write(amount);
  }

  private FormState state() {
    return app.desktop.form().state();
  }

  @Test
  void theFormMintsItsKeyOnOpenAndANewOneOnlyOnNewTransfer(FxRobot robot) {
    Label key = robot.lookup("#keyLabel").queryAs(Label.class);
    IdempotencyKey first = app.desktop.form().key();
    assertThat(key.getText()).isEqualTo(first.shortForm());
    fill(robot, "Hartmann", "Weber", "5");
    robot.clickOn("#memoField").write("Typing does not mint");
    assertThat(app.desktop.form().key()).isEqualTo(first);
    robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(app.desktop.form().key()).isNotEqualTo(first);
    assertThat(key.getText()).isEqualTo(app.desktop.form().key().shortForm());
    assertThat(robot.lookup("#amountField").queryAs(TextField.class).getText()).isEmpty();
  }

  @Test
  void doubleEnterAndDoubleClickPostOnce(FxRobot robot) {
    long before = app.context.queries().account(TestLedger.number(0)).orElseThrow().balanceMinor();
    fill(robot, "Hartmann", "Weber", "10");
    robot.type(KeyCode.ENTER).type(KeyCode.ENTER);
    app.waitFor(() -> state().decided());
    assertThat(state()).isEqualTo(FormState.POSTED);
    IdempotencyKey first = app.desktop.form().key();

    robot.clickOn("#newTransferButton");
    fill(robot, "Hartmann", "Weber", "7");
    robot.doubleClickOn("#submitButton");
    app.waitFor(() -> state().decided());
    assertThat(state()).isEqualTo(FormState.POSTED);

    assertThat(app.context.queries().countTransfersForKey(first.value())).isEqualTo(1);
    assertThat(app.context.queries().countTransfers()).isEqualTo(2);
    assertThat(app.context.queries().account(TestLedger.number(0)).orElseThrow().balanceMinor())
        .isEqualTo(before - 1_700);
    assertThat(robot.lookup("#statusHeadline").queryAs(Label.class).getText()).startsWith("Posted");
    // the journal and balances refresh after the decision, with holder names
    app.waitFor(
        () -> robot.lookup("#journalTable").queryAs(TableView.class).getItems().size() == 2);
  }

  @Test
  void journalRowsKeepTheColourOfTheirStatusAsNewRowsPushThemDown(FxRobot robot) {
    fill(robot, "Leonie", "Hartmann", "5000");
    robot.type(KeyCode.ENTER);
    app.waitFor(() -> state().decided());
    assertThat(state()).isEqualTo(FormState.REJECTED);
    for (String amount : new String[] {"5", "6"}) {
      robot.clickOn("#newTransferButton");
      fill(robot, "Hartmann", "Weber", amount);
      robot.type(KeyCode.ENTER);
      app.waitFor(() -> state().decided());
      assertThat(state()).isEqualTo(FormState.POSTED);
    }
    TableView<?> journal = robot.lookup("#journalTable").queryAs(TableView.class);
    app.waitFor(() -> journal.getItems().size() == 3);
    WaitForAsyncUtils.waitForFxEvents();
    java.util.List<String> seen = new java.util.ArrayList<>();
    robot.interact(
        () -> {
          journal.layout();
          for (Node n : journal.lookupAll(".table-row-cell")) {
            javafx.scene.control.TableRow<?> row = (javafx.scene.control.TableRow<?>) n;
            if (row.isEmpty() || row.getItem() == null) {
              assertThat(row.getStyleClass())
                  .doesNotContain("row-posted", "row-rejected", "row-in-doubt");
              continue;
            }
            String status = ((com.onceteller.ui.accounts.JournalRow) row.getItem()).status();
            String wanted = status.equals("Posted") ? "row-posted" : "row-rejected";
            assertThat(row.getStyleClass()).as(status).contains(wanted);
            assertThat(row.getStyleClass().stream().filter(c -> c.startsWith("row-")))
                .as(status)
                .containsExactly(wanted);
            seen.add(status);
          }
        });
    assertThat(seen).contains("Posted").hasSize(3);
  }

  @Test
  void insufficientFundsIsFlaggedBeforeSendingRejectedAndNotRetried(FxRobot robot) {
    Map<String, Long> totals = app.context.queries().totalsByCurrency();
    fill(robot, "Leonie", "Hartmann", "5000");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#amountWarning").queryAs(Label.class).getText())
        .contains("More than the EUR 125.00 available");
    robot.type(KeyCode.ENTER);
    app.waitFor(() -> state().decided());
    assertThat(state()).isEqualTo(FormState.REJECTED);
    assertThat(robot.lookup("#statusHeadline").queryAs(Label.class).getText())
        .contains("Insufficient funds");
    assertThat(robot.lookup("#attemptsTable").queryAs(TableView.class).getItems()).hasSize(1);
    assertThat(app.context.queries().totalsByCurrency()).isEqualTo(totals);
  }

  @Test
  void aClosedAccountIsFlaggedWhenItIsChosen(FxRobot robot) {
    robot.clickOn("#fromField").write("Larsen");
    app.waitFor(() -> app.desktop.form().from().chosen() != null);
    assertThat(robot.lookup("#fromWarning").queryAs(Label.class).getText())
        .contains("paying account is closed");
  }

  @Test
  void accountSearchIgnoresAccentsAndCase(FxRobot robot) {
    robot.clickOn("#fromField").write("yilmaz");
    app.waitFor(() -> app.desktop.form().from().chosen() != null);
    assertThat(app.desktop.form().from().chosen().holder()).isEqualTo("Mehmet Yılmaz");
    robot.clickOn("#toField").write("cafe");
    app.waitFor(() -> app.desktop.form().to().chosen() != null);
    assertThat(app.desktop.form().to().chosen().holder()).startsWith("Café");
  }

  @Test
  void suggestionsFloatOverTheFormInsteadOfPushingItDown(FxRobot robot) {
    Node amount = robot.lookup("#amountField").query();
    double amountY = amount.localToScene(amount.getLayoutBounds()).getMinY();
    robot.clickOn("#fromField").write("e"); // many holders have an "e"
    app.waitFor(() -> robot.lookup("#fromSuggestions").query().isVisible());
    assertThat(robot.lookup("#fromSuggestions").queryAs(ListView.class).getItems())
        .hasSizeGreaterThan(1);
    assertThat(amount.localToScene(amount.getLayoutBounds()).getMinY()).isEqualTo(amountY);
    robot.type(KeyCode.DOWN).type(KeyCode.ENTER);
    app.waitFor(() -> app.desktop.form().from().chosen() != null);
    assertThat(robot.lookup("#fromSuggestions").query().isVisible()).isFalse();
  }

  @Test
  void formRefusesHostileInputWithAClearMessage(FxRobot robot) {
    fill(robot, "Hartmann", "Weber", "1e5");
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
    assertThat(app.context.queries().countTransfers()).isZero();
  }
}
