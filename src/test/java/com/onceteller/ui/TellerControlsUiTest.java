package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.AuditRows;
import com.onceteller.app.AppConfig;
import com.onceteller.app.AppContext;
import com.onceteller.app.DeskFlow;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.service.MutableClock;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.domain.Approval;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.PendingApproval;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.approval.ApprovalQueueView;
import com.onceteller.ui.approval.ApprovalQueueViewModel;
import com.onceteller.ui.transfer.FormState;
import com.onceteller.ui.transfer.TransferFormViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The teller controls on the real window, on a real demo ledger (its limits: a teller EUR 10,000
 * per transfer), signed on through the sign-on screen as the app does ({@link DeskFlow}).
 */
@ExtendWith(ApplicationExtension.class)
class TellerControlsUiTest {

  static final AppContext.ClientSettings FAST =
      new AppContext.ClientSettings(
          Duration.ofSeconds(3), new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 5));

  @TempDir Path dir;
  private AppContext ctx;
  private DeskFlow flow;
  private Stage stage;
  private final MutableClock idleClock = new MutableClock();
  private final ExecutorService background = Executors.newFixedThreadPool(2);

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  private void open(FxRobot robot) throws Exception {
    Path file =
        Files.createDirectories(dir.resolve("c" + System.nanoTime())).resolve("ledger.mv.db");
    ctx = AppContext.open(file, true, FAST);
    AppConfig cfg = new AppConfig(file, true, file.getParent(), file.getParent().resolve("log"));
    robot.interact(
        () -> {
          flow =
              new DeskFlow(
                  stage,
                  ctx,
                  cfg,
                  new TaskRunner(background, FxUiThread.INSTANCE),
                  List.of("anna anna-teller-1 Teller"),
                  idleClock,
                  "desk-ui");
          flow.showSignOn();
          stage.show();
        });
    waitFor(robot, "#signOnButton");
  }

  @AfterEach
  void close() throws Exception {
    // Every window of this test goes, so the next test's lookups find only its own.
    org.testfx.api.FxToolkit.cleanupStages();
    background.shutdownNow();
    if (ctx != null) {
      ctx.close();
    }
  }

  private static void waitFor(FxRobot robot, String query) throws Exception {
    WaitForAsyncUtils.waitFor(
        30,
        TimeUnit.SECONDS,
        () -> robot.lookup(query).tryQuery().filter(Node::isVisible).isPresent());
  }

  private static void waitForText(FxRobot robot, String query, String part) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(
          30,
          TimeUnit.SECONDS,
          () -> robot.lookup(query).tryQuery().map(n -> text(n)).orElse("").contains(part));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          query
              + " never said \""
              + part
              + "\"; it says: "
              + robot.lookup(query).tryQuery().map(n -> text(n)).orElse("(not there)"),
          e);
    }
  }

  private static String text(Node n) {
    if (n instanceof Label l) {
      return l.getText() == null ? "" : l.getText();
    }
    if (n instanceof TextArea t) {
      return t.getText() == null ? "" : t.getText();
    }
    return "";
  }

  private void signOn(FxRobot robot, String user, String password) throws Exception {
    robot.clickOn("#userIdField").write(user);
    robot.clickOn("#passwordField").write(password);
    robot.clickOn("#signOnButton");
    waitFor(robot, "#tellerBar");
  }

  private void fillAndSend(FxRobot robot, TransferRequest r) throws Exception {
    TransferFormViewModel form = flow.desktop().form();
    robot.interact(
        () -> {
          form.from().chooseNumber(r.fromAccount());
          form.to().chooseNumber(r.toAccount());
          form.amountTextProperty().set(r.amount().toDecimal().toPlainString());
          form.memoProperty().set(r.memo());
        });
    robot.clickOn("#submitButton");
  }

  private void waitForState(FormState s) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> flow.desktop().form().state() == s);
  }

  private static TransferRequest eur(int from, int to, String amount) {
    return new TransferRequest(
        DemoData.ACCOUNTS.get(from).number(),
        DemoData.ACCOUNTS.get(to).number(),
        new java.math.BigDecimal(amount).movePointRight(2).longValueExact(),
        "EUR",
        "UI test");
  }

  @Test
  void signOnThenATransferThenItsReceiptSavedAsPdf(FxRobot robot) throws Exception {
    open(robot);
    assertThat(robot.lookup("#demoUsers").queryAs(Label.class).getText()).contains("anna-teller-1");
    robot.clickOn("#userIdField").write("anna");
    robot.clickOn("#passwordField").write("wrong-password-1");
    robot.clickOn("#signOnButton");
    waitForText(robot, "#signOnMessage", "Sign-on refused");
    robot.clickOn("#passwordField").write("anna-teller-1");
    robot.clickOn("#signOnButton");
    waitFor(robot, "#tellerBar");
    assertThat(robot.lookup("#signedOnLabel").queryAs(Label.class).getText()).contains("anna");
    assertThat(robot.lookup("#approvalsButton").query().isVisible())
        .as("a teller approves nothing")
        .isFalse();

    fillAndSend(robot, eur(2, 0, "12.50"));
    waitForState(FormState.POSTED);
    waitFor(robot, "#printReceiptButton");
    robot.clickOn("#printReceiptButton");
    waitForText(robot, "#receiptText", "TRANSFER RECEIPT");
    String receipt = robot.lookup("#receiptText").queryAs(Label.class).getText();
    assertThat(receipt)
        .contains("EUR 12.50")
        .contains("anna")
        .contains("••••")
        .doesNotContain("DUPLICATE");
    waitForText(robot, "#receiptMessage", "Saved as");
    Path paper =
        ctx.database().settings().h2File().getParent().resolve("paper").resolve("receipts");
    try (var files = Files.list(paper)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .singleElement()
          .asString()
          .matches("T-\\d{6}\\.pdf");
    }
    robot.clickOn("#printAgainButton");
    waitForText(robot, "#receiptMessage", "DUPLICATE saved as");
    assertThat(new AuditRows(ctx.database()).since(0))
        .extracting(AuditRows.Row::type)
        .contains(
            AuditEventType.SIGN_ON_FAILED,
            AuditEventType.SIGN_ON,
            AuditEventType.RECEIPT_PRINTED,
            AuditEventType.RECEIPT_REPRINTED);
  }

  @Test
  void overTheLimitASupervisorApprovesOverTheShoulderAndItPostsOnce(FxRobot robot)
      throws Exception {
    open(robot);
    signOn(robot, "anna", "anna-teller-1");
    fillAndSend(robot, eur(2, 0, "10000.01"));
    waitFor(robot, "#approvalBox");
    IdempotencyKey key = flow.desktop().form().key();
    assertThat(ctx.queries().countTransfersForKey(key.value())).isZero();

    robot.clickOn("#approveHereOpenButton");
    waitFor(robot, "#supervisorIdField");
    robot.clickOn("#supervisorIdField").write("sara");
    robot.clickOn("#supervisorPasswordField").write("sara-super-333");
    robot.clickOn("#approvalReasonField").write("Known customer");
    robot.clickOn("#approveHereButton");

    waitForState(FormState.POSTED);
    assertThat(ctx.queries().countTransfersForKey(key.value())).isEqualTo(1);
    assertThat(new AuditRows(ctx.database()).since(0, AuditEventType.APPROVED))
        .singleElement()
        .satisfies(r -> assertThat(r.userId()).isEqualTo("sara"));
  }

  @Test
  void overTheLimitAQueuedApprovalOnASecondDesktopThenItPostsOnce(FxRobot robot) throws Exception {
    open(robot);
    signOn(robot, "anna", "anna-teller-1");
    fillAndSend(robot, eur(2, 0, "10000.02"));
    waitFor(robot, "#approvalBox");
    IdempotencyKey key = flow.desktop().form().key();

    // Sara works the queue on her own desktop (a second window, her own principal).
    robot.interact(
        () -> {
          ApprovalQueueViewModel vm =
              new ApprovalQueueViewModel(
                  new com.onceteller.domain.Actor(
                      "sara", com.onceteller.domain.Role.SUPERVISOR, "desk-sara"),
                  ctx.deskApprovals(),
                  new TaskRunner(background, FxUiThread.INSTANCE),
                  ZoneId.systemDefault());
          Stage second = new Stage();
          second.setScene(new Scene(new ApprovalQueueView(vm).root()));
          second.show();
          vm.reload();
        });
    WaitForAsyncUtils.waitFor(
        30,
        TimeUnit.SECONDS,
        () -> !robot.lookup("#pendingList").queryAs(ListView.class).getItems().isEmpty());
    @SuppressWarnings("unchecked")
    ListView<PendingApproval> list = robot.lookup("#pendingList").queryAs(ListView.class);
    robot.interact(() -> list.getSelectionModel().select(0));
    assertThat(list.getSelectionModel().getSelectedItem().key()).isEqualTo(key);
    robot.clickOn("#queueReasonField").write("Checked ID");
    robot.clickOn("#approveButton");
    waitForText(robot, "#queueMessage", "Approved");

    // Back at anna's desk: Send again (the same key) posts it once.
    robot.interact(() -> flow.desktop().form().submit());
    waitForState(FormState.POSTED);
    assertThat(ctx.queries().countTransfersForKey(key.value())).isEqualTo(1);
    assertThat(new AuditRows(ctx.database()).since(0, AuditEventType.APPROVED))
        .singleElement()
        .satisfies(r -> assertThat(r.detail()).startsWith(Approval.Mode.QUEUE.name()));
  }

  @Test
  void aPostingIsReversedOnceAndASecondReversalIsRefused(FxRobot robot) throws Exception {
    open(robot);
    signOn(robot, "anna", "anna-teller-1");
    fillAndSend(robot, eur(2, 0, "33.00"));
    waitForState(FormState.POSTED);
    String reference =
        ctx.queries().transferByKey("anna", flow.desktop().form().key()).orElseThrow().reference();

    robot.clickOn("#reverseReferenceField").write(reference);
    robot.clickOn("#reverseButton");
    waitForText(robot, "#reversalOriginal", reference);
    robot.clickOn("#reversalReasonField").write("Wrong payee");
    robot.clickOn("#reverseSubmitButton");
    waitForText(robot, "#reversalMessage", "Reversed: posted as T-");
    robot.interact(() -> robot.lookup("#reversalForm").query().getScene().getWindow().hide());

    robot.clickOn("#reverseButton");
    waitForText(robot, "#reversalOriginal", "reversed by T-");
    robot.clickOn("#reversalReasonField").write("Again");
    robot.clickOn("#reverseSubmitButton");
    waitForText(robot, "#reversalMessage", "already reversed");
    assertThat(ctx.queries().transferByReference(reference).orElseThrow().reversedBy()).isNotNull();
    assertThat(new AuditRows(ctx.database()).since(0, AuditEventType.REVERSED)).hasSize(1);
  }

  @Test
  void theIdleScreenLocksWorkGoesOnAndTheSameUserUnlocks(FxRobot robot) throws Exception {
    open(robot);
    signOn(robot, "anna", "anna-teller-1");
    assertThat(robot.lookup("#lockScreen").query().isVisible()).isFalse();

    idleClock.advance(Duration.ofMinutes(16));
    robot.interact(() -> flow.shell().lock().check());
    waitFor(robot, "#lockScreen");
    robot.clickOn("#unlockPassword").write("not-annas-1");
    robot.clickOn("#unlockButton");
    waitForText(robot, "#lockMessage", "Sign-on refused");
    assertThat(robot.lookup("#lockScreen").query().isVisible()).isTrue();
    robot.clickOn("#unlockPassword").write("anna-teller-1");
    robot.clickOn("#unlockButton");
    WaitForAsyncUtils.waitFor(
        30, TimeUnit.SECONDS, () -> !robot.lookup("#lockScreen").query().isVisible());

    // Locked again, and ben signs on over it: anna is signed off cleanly.
    robot.interact(() -> flow.shell().lock().lock("test"));
    waitFor(robot, "#otherUserId");
    robot.clickOn("#otherUserId").write("ben");
    robot.clickOn("#otherPassword").write("ben-teller-22");
    robot.clickOn("#otherSignOnButton");
    waitForText(robot, "#signedOnLabel", "ben");
    assertThat(ctx.actor().userId()).isEqualTo("ben");
    assertThat(new AuditRows(ctx.database()).since(0))
        .extracting(AuditRows.Row::type, AuditRows.Row::userId)
        .containsSubsequence(
            org.assertj.core.groups.Tuple.tuple(AuditEventType.SCREEN_LOCKED, "anna"),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.SCREEN_UNLOCKED, "anna"),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.SCREEN_UNLOCKED, "anna"),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.SIGN_ON, "ben"),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.SIGN_OFF, "anna"));
  }

  @Test
  void theEndOfDayWithOneInDoubtItemClosesAfterASupervisorSignsItOff(FxRobot robot)
      throws Exception {
    open(robot);
    signOn(robot, "anna", "anna-teller-1");
    fillAndSend(robot, eur(2, 0, "20.00"));
    waitForState(FormState.POSTED);
    IdempotencyKey lost = IdempotencyKey.mint();
    ctx.tellerOutbox().pending(lost, eur(2, 1, "5.00"), ctx.clock().instant());

    robot.clickOn("#endOfDayButton");
    waitForText(robot, "#endOfDayReport", "In-doubt items");
    assertThat(robot.lookup("#endOfDayReport").queryAs(TextArea.class).getText())
        .contains(lost.shortForm())
        .contains("ledger: UNKNOWN");
    assertThat(robot.lookup("#closeDayButton").query().isDisabled()).isTrue();

    @SuppressWarnings("unchecked")
    ListView<Object> items = robot.lookup("#inDoubtItems").queryAs(ListView.class);
    robot.interact(() -> items.getSelectionModel().select(0));
    robot.clickOn("#signOffSupervisorField").write("sara");
    robot.clickOn("#signOffPasswordField").write("sara-super-333");
    robot.clickOn("#signOffReasonField").write("Never reached the ledger");
    robot.clickOn("#signOffItemButton");
    waitForText(robot, "#endOfDayMessage", "signed off by sara");
    WaitForAsyncUtils.waitFor(
        30, TimeUnit.SECONDS, () -> !robot.lookup("#closeDayButton").query().isDisabled());
    robot.clickOn("#closeDayButton");
    waitForText(robot, "#endOfDayMessage", "Closed. The report is saved as");
    assertThat(robot.lookup("#endOfDayReport").queryAs(TextArea.class).getText())
        .contains("CLOSED")
        .contains("Reconciliation proof: BALANCED");
    Path paper = ctx.database().settings().h2File().getParent().resolve("paper");
    try (var files = Files.list(paper)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .anyMatch(n -> n.startsWith("end-of-day-") && n.endsWith("-anna.pdf"));
    }
    assertThat(new AuditRows(ctx.database()).since(0))
        .extracting(AuditRows.Row::type)
        .contains(AuditEventType.IN_DOUBT_SIGNED_OFF, AuditEventType.TELLER_DAY_CLOSED);
    assertThat(ctx.outbox().inDoubt()).extracting(e -> e.key()).doesNotContain(lost);
  }
}
