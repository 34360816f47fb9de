package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.app.AppContext;
import com.onceteller.app.DeskFlow;
import com.onceteller.branch.service.ConfigurationService;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Role;
import com.onceteller.domain.TransferRequest;
import com.onceteller.http.BranchFixture;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The teller controls a branch desk now offers (TestFX, headless, HTTPS, PostgreSQL): Anna's
 * transfer above her limit is approved over her shoulder by Sara at Anna's window and posts once;
 * then Anna's end of day shows an in-doubt item the branch does not know, Sara signs it off at
 * Anna's window, and Anna closes her day (the PDF saved on the desk).
 */
@ExtendWith(ApplicationExtension.class)
class BranchControlsUiTest {

  @TempDir static Path dir;
  static BranchFixture branch;
  private final ExecutorService background = Executors.newFixedThreadPool(4);
  private AppContext anna;
  private DeskFlow flow;

  @BeforeAll
  static void startBranch() {
    branch = BranchFixture.start(dir, ServiceObserver.NONE);
    // A teller posts at most EUR 100.00 at once here.
    new ConfigurationService(branch.ledger.database, Clock.systemUTC())
        .setLimit(TestActors.ADMINISTRATOR, Role.TELLER, "EUR", 10_000, 1_000_000);
  }

  @AfterAll
  static void stopBranch() {
    branch.close();
  }

  @Start
  void start(Stage stage) {
    BranchDeskWindow window = BranchDeskWindow.open(stage, branch, dir, "anna", background);
    anna = window.context();
    flow = window.flow();
  }

  private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
    BranchDeskWindow.waitFor(condition);
  }

  private static void waitForText(FxRobot robot, String id, String part) throws Exception {
    BranchDeskWindow.waitForText(robot, id, part);
  }

  private static String text(FxRobot robot, String id) {
    return BranchDeskWindow.text(robot, id);
  }

  @Test
  void overTheShoulderApprovalAndTheEndOfDayAtABranchDesk(FxRobot robot) throws Exception {
    try {
      waitFor(() -> robot.lookup("#signOnButton").tryQuery().isPresent());
      robot.clickOn("#passwordField").write("anna-teller-1");
      robot.clickOn("#signOnButton");
      waitFor(() -> flow.desktop() != null && flow.shell() != null);
      assertThat(robot.lookup("#endOfDayButton").query().isVisible()).isTrue();
      assertThat(robot.lookup("#approvalsButton").query().isVisible()).as("a teller's").isFalse();

      long payer = branch.ledger.balance(0);
      robot.clickOn("#fromField").write("Hartmann");
      waitFor(() -> flow.desktop().form().from().chosen() != null);
      robot.clickOn("#toField").write("Weber");
      waitFor(() -> flow.desktop().form().to().chosen() != null);
      robot.clickOn("#amountField").write("125");
      robot.interact(() -> flow.desktop().form().submit());
      waitFor(() -> robot.lookup("#approvalBox").query().isVisible());
      IdempotencyKey key = flow.desktop().form().key();
      assertThat(text(robot, "#approvalNeededLabel")).contains("a supervisor approves it here");

      // Sara types her credentials at Anna's window.
      robot.clickOn("#approveHereOpenButton");
      waitFor(() -> robot.lookup("#supervisorIdField").tryQuery().isPresent());
      robot.clickOn("#supervisorIdField").write("sara");
      robot.clickOn("#supervisorPasswordField").write("sara-super-333");
      robot.clickOn("#approvalReasonField").write("Known customer");
      robot.clickOn("#approveHereButton");
      waitFor(() -> flow.desktop().form().state() == FormState.POSTED);
      assertThat(branch.ledger.queries.countTransfersForKey(key.value())).isEqualTo(1);
      assertThat(branch.ledger.balance(0)).isEqualTo(payer - 12_500);

      // End of day: an item of this desk the branch never saw blocks it until Sara signs it off.
      IdempotencyKey lost = IdempotencyKey.mint();
      anna.tellerOutbox()
          .pending(
              lost,
              new TransferRequest(
                  TestLedger.number(0), TestLedger.number(1), 500, "EUR", "never arrived"),
              anna.clock().instant());
      robot.clickOn("#endOfDayButton");
      waitForText(robot, "#endOfDayReport", "In-doubt items");
      assertThat(text(robot, "#endOfDayReport")).contains(lost.shortForm()).contains("UNKNOWN");
      assertThat(robot.lookup("#closeDayButton").query().isDisabled()).isTrue();
      @SuppressWarnings("unchecked")
      ListView<Object> items = robot.lookup("#inDoubtItems").queryAs(ListView.class);
      robot.interact(() -> items.getSelectionModel().select(0));
      robot.clickOn("#signOffSupervisorField").write("sara");
      robot.clickOn("#signOffPasswordField").write("sara-super-333");
      robot.clickOn("#signOffReasonField").write("Never reached the branch");
      robot.clickOn("#signOffItemButton");
      waitForText(robot, "#endOfDayMessage", "signed off by sara");
      waitFor(() -> !robot.lookup("#closeDayButton").query().isDisabled());
      robot.clickOn("#closeDayButton");
      waitForText(robot, "#endOfDayMessage", "Closed. The report is saved as");
      assertThat(text(robot, "#endOfDayReport")).contains("CLOSED");
      try (var files = Files.list(dir.resolve("paper"))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .anyMatch(n -> n.startsWith("end-of-day-") && n.endsWith("-anna.pdf"));
      }
    } finally {
      background.shutdownNow();
      anna.close();
    }
  }
}
