package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.branch.ledger.DatabaseOpenException;
import com.onceteller.branch.ledger.DemoUsers;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 13: the real application class shows its window, with the sign-on screen, before the ledger
 * is open. The opening is held by a gate the test releases (no sleeps): meanwhile the fields accept
 * typing, a sign-on waits and says that the ledger is opening, and it goes ahead once the ledger is
 * open; a ledger that cannot be opened still gets its one-sentence message.
 */
class OpeningLedgerUiTest {

  @TempDir Path dir;
  private Application app;
  private final CountDownLatch gate = new CountDownLatch(1);
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void cleanup() throws Exception {
    gate.countDown();
    OnceTellerApp.opener = OnceTellerApp.LEDGER;
    OnceTellerApp.afterRefusal = javafx.application.Platform::exit;
    if (app != null) {
      FxToolkit.cleanupApplication(app);
    }
    for (Window w : Window.getWindows().toArray(Window[]::new)) {
      robot.interact(w::hide);
    }
  }

  /** Opens the real ledger once the test releases the gate. */
  private void openAfterGate(RuntimeException failure) {
    OnceTellerApp.opener =
        (cfg, events) -> {
          try {
            if (!gate.await(120, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the test never released the gate");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          if (failure != null) {
            throw failure;
          }
          return OnceTellerApp.LEDGER.open(cfg, events);
        };
  }

  private void startDemoLedger() throws Exception {
    Path file = dir.resolve("demo-ledger.mv.db");
    OnceTellerApp.config = new AppConfig(file, true, dir, dir.resolve("onceteller.log"));
    app = FxToolkit.setupApplication(OnceTellerApp::new);
    WaitForAsyncUtils.waitFor(
        30, TimeUnit.SECONDS, () -> robot.lookup("#userIdField").tryQuery().isPresent());
    WaitForAsyncUtils.waitForFxEvents();
  }

  private String text(String id) {
    return robot.lookup(id).queryAs(Label.class).getText();
  }

  private void typeDemoTellerAndSignOn() {
    DemoUsers.DemoUser anna = DemoUsers.USERS.get(0);
    robot.clickOn("#userIdField").write(anna.userId());
    robot.clickOn("#passwordField").write(anna.password());
    robot.clickOn("#signOnButton");
    WaitForAsyncUtils.waitForFxEvents();
  }

  private javafx.geometry.Bounds onScreen(String id) throws Exception {
    Node n = robot.lookup(id).query();
    return WaitForAsyncUtils.asyncFx(() -> n.localToScreen(n.getBoundsInLocal()))
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void theFieldsStayUnderThePointerWhenTheLedgerFinishesOpening() throws Exception {
    openAfterGate(null);
    startDemoLedger();
    javafx.geometry.Bounds user = onScreen("#userIdField");
    javafx.geometry.Bounds password = onScreen("#passwordField");
    javafx.geometry.Bounds button = onScreen("#signOnButton");

    gate.countDown();
    WaitForAsyncUtils.waitFor(
        60, TimeUnit.SECONDS, () -> !robot.lookup("#openingLabel").query().isVisible());
    WaitForAsyncUtils.waitForFxEvents();

    // A click aimed at the password field as the ledger opened landed on another control.
    assertThat(onScreen("#userIdField")).isEqualTo(user);
    assertThat(onScreen("#passwordField")).isEqualTo(password);
    assertThat(onScreen("#signOnButton")).isEqualTo(button);
  }

  @Test
  void theSignOnScreenIsUsableWhileTheLedgerOpensAndSignsOnOnceItIsOpen() throws Exception {
    openAfterGate(null);
    startDemoLedger();

    Node user = robot.lookup("#userIdField").query();
    assertThat(user.getScene().getWindow().isShowing()).isTrue();
    assertThat(user.isFocused()).as("the user id field has the focus at once").isTrue();
    assertThat(robot.lookup("#openingLabel").queryAs(Label.class).isVisible()).isTrue();
    assertThat(text("#openingLabel")).startsWith("Opening the ledger demo-ledger.mv.db");
    assertThat(robot.lookup("#demoUsersBox").query().isVisible()).isTrue();

    typeDemoTellerAndSignOn();

    assertThat(robot.lookup("#userIdField").queryAs(TextField.class).getText()).isEqualTo("anna");
    assertThat(text("#signOnMessage"))
        .isEqualTo("Opening the ledger: you are signed on as anna as soon as it is open.");
    assertThat(robot.lookup("#fromField").tryQuery()).isEmpty();
    assertThat(robot.lookup("#signOnButton").query().isDisabled())
        .as("still usable: pressing again replaces the waiting sign-on")
        .isFalse();

    gate.countDown();

    WaitForAsyncUtils.waitFor(
        60, TimeUnit.SECONDS, () -> robot.lookup("#fromField").tryQuery().isPresent());
  }

  @Test
  void aLedgerThatCannotBeOpenedIsExplainedInOneSentenceOnTheScreenAndInADialog() throws Exception {
    String why =
        "OnceTeller is already open on this database (another window or another program has it).";
    openAfterGate(new DatabaseOpenException(DatabaseOpenException.Reason.IN_USE, why, null));
    AtomicBoolean closedAfterReading = new AtomicBoolean();
    OnceTellerApp.afterRefusal = () -> closedAfterReading.set(true);
    startDemoLedger();
    typeDemoTellerAndSignOn();
    assertThat(text("#signOnMessage")).startsWith("Opening the ledger");

    gate.countDown();

    WaitForAsyncUtils.waitFor(
        30, TimeUnit.SECONDS, () -> robot.lookup("#openFailedDialog").tryQuery().isPresent());
    DialogPane pane = robot.lookup("#openFailedDialog").queryAs(DialogPane.class);
    assertThat(pane.getContentText()).isEqualTo(why);
    robot.interact(
        () ->
            ((javafx.scene.control.Button) pane.lookupButton(javafx.scene.control.ButtonType.OK))
                .fire());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(closedAfterReading).isTrue();
    assertThat(text("#signOnMessage")).isEqualTo(why);
    assertThat(text("#openingLabel")).isEqualTo(why);
    assertThat(robot.lookup("#fromField").tryQuery()).isEmpty();
  }
}
