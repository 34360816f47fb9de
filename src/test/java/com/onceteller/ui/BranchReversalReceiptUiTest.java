package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.AuditRows;
import com.onceteller.app.AppContext;
import com.onceteller.app.DeskFlow;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.domain.AuditEventType;
import com.onceteller.http.BranchFixture;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.control.Label;
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
 * A branch desk's window offers the receipt and the reversal (TestFX, headless, HTTPS, PostgreSQL):
 * Anna posts, prints the receipt (the PDF rendered and saved on the desk) and a reprint marked
 * DUPLICATE, then reverses the posting; a second reversal is answered "already reversed". The
 * branch's ledger has one reversal and both receipts in its audit trail. An auditor at a branch
 * desk searches the trail and exports it as CSV (saved on the desk), both recorded.
 */
@ExtendWith(ApplicationExtension.class)
class BranchReversalReceiptUiTest {

  @TempDir static Path dir;
  static BranchFixture branch;
  private final ExecutorService background = Executors.newFixedThreadPool(4);
  private AppContext anna;
  private DeskFlow flow;

  @BeforeAll
  static void startBranch() {
    branch = BranchFixture.start(dir, ServiceObserver.NONE);
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

  @Test
  void aBranchDeskPrintsAReceiptAndAReprintAndReversesAPostingOnce(FxRobot robot) throws Exception {
    try {
      waitFor(() -> robot.lookup("#signOnButton").tryQuery().isPresent());
      robot.clickOn("#passwordField").write("anna-teller-1");
      robot.clickOn("#signOnButton");
      waitFor(() -> flow.desktop() != null && flow.shell() != null);
      assertThat(robot.lookup("#reverseButton").query().isVisible()).isTrue();
      assertThat(robot.lookup("#reverseReferenceField").query().isVisible()).isTrue();
      assertThat(robot.lookup("#auditButton").query().isVisible()).as("a teller's").isFalse();

      long payer = branch.ledger.balance(0);
      robot.clickOn("#fromField").write("Hartmann");
      waitFor(() -> flow.desktop().form().from().chosen() != null);
      robot.clickOn("#toField").write("Weber");
      waitFor(() -> flow.desktop().form().to().chosen() != null);
      robot.clickOn("#amountField").write("12.50");
      robot.interact(() -> flow.desktop().form().submit());
      waitFor(() -> flow.desktop().form().state() == FormState.POSTED);
      String reference =
          branch
              .ledger
              .queries
              .transferByKey("anna", flow.desktop().form().key())
              .orElseThrow()
              .reference();
      assertThat(branch.ledger.balance(0)).isEqualTo(payer - 1_250);

      // The receipt: issued by the branch, rendered and saved here; a reprint is a DUPLICATE.
      waitFor(() -> robot.lookup("#printReceiptButton").query().isVisible());
      robot.clickOn("#printReceiptButton");
      waitForText(robot, "#receiptText", "TRANSFER RECEIPT");
      assertThat(robot.lookup("#receiptText").queryAs(Label.class).getText())
          .contains("EUR 12.50")
          .contains("••••")
          .doesNotContain("DUPLICATE");
      waitForText(robot, "#receiptMessage", "Saved as");
      robot.clickOn("#printAgainButton");
      waitForText(robot, "#receiptMessage", "DUPLICATE saved as");
      try (var files = Files.list(dir.resolve("paper").resolve("receipts"))) {
        assertThat(files.map(p -> p.getFileName().toString()).toList())
            .containsExactlyInAnyOrder(reference + ".pdf", reference + "-copy2.pdf");
      }
      robot.interact(() -> robot.lookup("#receiptWindow").query().getScene().getWindow().hide());

      // The reversal, once.
      robot.clickOn("#reverseReferenceField").write(reference);
      robot.clickOn("#reverseButton");
      waitForText(robot, "#reversalOriginal", reference);
      robot.clickOn("#reversalReasonField").write("Wrong payee");
      robot.clickOn("#reverseSubmitButton");
      waitForText(robot, "#reversalMessage", "Reversed: posted as T-");
      assertThat(branch.ledger.balance(0)).isEqualTo(payer);
      robot.interact(() -> robot.lookup("#reversalForm").query().getScene().getWindow().hide());

      robot.clickOn("#reverseButton");
      waitForText(robot, "#reversalOriginal", "reversed by T-");
      robot.clickOn("#reversalReasonField").write("Again");
      robot.clickOn("#reverseSubmitButton");
      waitForText(robot, "#reversalMessage", "already reversed");
      assertThat(branch.ledger.balance(0)).isEqualTo(payer);
      assertThat(branch.ledger.queries.transferByReference(reference).orElseThrow().reversedBy())
          .isNotNull();
      AuditRows trail = new AuditRows(branch.ledger.database);
      assertThat(trail.since(0, AuditEventType.REVERSED)).hasSize(1);
      assertThat(trail.since(0, AuditEventType.RECEIPT_PRINTED)).hasSize(1);
      assertThat(trail.since(0, AuditEventType.RECEIPT_REPRINTED)).hasSize(1);
    } finally {
      background.shutdownNow();
      anna.close();
    }
  }

  @Test
  void anAuditorAtABranchDeskSearchesTheTrailAndExportsIt(FxRobot robot) throws Exception {
    try {
      waitFor(() -> robot.lookup("#signOnButton").tryQuery().isPresent());
      robot.interact(
          () -> robot.lookup("#userIdField").queryAs(javafx.scene.control.TextField.class).clear());
      robot.clickOn("#userIdField").write("omar");
      robot.clickOn("#passwordField").write("omar-audit-44");
      robot.clickOn("#signOnButton");
      waitFor(() -> flow.desktop() != null && flow.shell() != null);
      assertThat(robot.lookup("#auditButton").query().isVisible()).isTrue();
      assertThat(robot.lookup("#reverseButton").query().isVisible()).as("an auditor's").isFalse();
      robot.clickOn("#auditButton");
      waitFor(() -> robot.lookup("#auditSearchButton").tryQuery().isPresent());
      robot.clickOn("#auditUserField").write("omar");
      robot.clickOn("#auditSearchButton");
      waitForText(robot, "#auditMessage", "rows (newest first)");
      @SuppressWarnings("unchecked")
      javafx.scene.control.TableView<com.onceteller.domain.AuditEvent> table =
          robot.lookup("#auditTable").queryAs(javafx.scene.control.TableView.class);
      assertThat(table.getItems())
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.userId()).isEqualTo("omar"))
          .anyMatch(e -> e.type() == AuditEventType.SIGN_ON);
      robot.clickOn("#auditExportButton");
      waitForText(robot, "#auditMessage", "rows exported to");
      try (var files = Files.list(dir.resolve("paper"))) {
        Path csv =
            files
                .filter(p -> p.getFileName().toString().startsWith("audit-"))
                .findFirst()
                .orElseThrow();
        assertThat(Files.readString(csv))
            .startsWith("id,occurred_at,user_id,event_type,success,workstation,affected,detail")
            .contains("SIGN_ON");
      }
      AuditRows trail = new AuditRows(branch.ledger.database);
      assertThat(trail.since(0, AuditEventType.AUDIT_VIEWED)).isNotEmpty();
      assertThat(trail.since(0, AuditEventType.AUDIT_EXPORTED)).isNotEmpty();
    } finally {
      background.shutdownNow();
      anna.close();
    }
  }
}
