package com.onceteller.ui.signon;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Permission;
import com.onceteller.domain.SignOnResult;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.DeskControls;
import com.onceteller.ui.Styles;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.accounts.JournalRow;
import com.onceteller.ui.approval.ApprovalQueueView;
import com.onceteller.ui.approval.ApprovalQueueViewModel;
import com.onceteller.ui.approval.OverTheShoulderView;
import com.onceteller.ui.approval.OverTheShoulderViewModel;
import com.onceteller.ui.audit.AuditView;
import com.onceteller.ui.audit.AuditViewModel;
import com.onceteller.ui.desktop.TellerDesktop;
import com.onceteller.ui.endofday.EndOfDayView;
import com.onceteller.ui.endofday.EndOfDayViewModel;
import com.onceteller.ui.receipt.ReceiptView;
import com.onceteller.ui.receipt.ReceiptViewModel;
import com.onceteller.ui.reversal.ReversalView;
import com.onceteller.ui.reversal.ReversalViewModel;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.input.InputEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * Puts the teller controls around an existing desktop without changing it: the teller bar above the
 * window, the lock screen over it, the journal's context menu (reverse, reprint), and a watch on
 * the form's answers (needs approval: a supervisor approves here, or from the queue; posted: the
 * receipt). The desktop's own views are untouched; everything here talks to the services as the
 * signed-on actor.
 */
public final class DeskShell {

  private final Stage stage;
  private final TellerDesktop desktop;
  private final DeskControls c;
  private final TaskRunner tasks;
  private final Consumer<SignOnResult.SignedOn> switchUser;
  private final Runnable signOff;
  private final TellerBarView bar = new TellerBarView();
  private final IdleLockViewModel lock;
  private final LockView lockView;
  private final Timeline idleCheck;
  private TransferOutcome.NeedsApproval waiting;
  private String lastReference;

  private DeskShell(
      Stage stage,
      TellerDesktop desktop,
      DeskControls controls,
      TaskRunner tasks,
      Consumer<SignOnResult.SignedOn> switchUser,
      Runnable signOff) {
    this.stage = stage;
    this.desktop = desktop;
    this.c = controls;
    this.tasks = tasks;
    this.switchUser = switchUser;
    this.signOff = signOff;
    this.lock =
        new IdleLockViewModel(
            controls.actor(),
            new IdleLockViewModel.Port() {
              @Override
              public void locked(Actor actor) {
                controls.identity().screenLocked(actor, "idle or locked by the user");
              }

              @Override
              public boolean unlock(Actor actor, char[] password) {
                return controls.identity().unlockScreen(actor, password);
              }

              @Override
              public SignOnResult signOn(String userId, char[] password) {
                return controls.identity().signOn(userId, password, controls.actor().workstation());
              }
            },
            tasks,
            controls.clock(),
            controls.idleTimeout(),
            switchUser);
    this.lockView = new LockView(lock);
    this.idleCheck = new Timeline(new KeyFrame(Duration.seconds(5), e -> lock.check()));
  }

  /**
   * Wraps the desktop already attached to {@code stage}.
   *
   * @param switchUser another user signed on at the lock screen (the caller signs the first off)
   * @param signOff the user signs off (the caller shows the sign-on screen)
   */
  public static DeskShell install(
      Stage stage,
      TellerDesktop desktop,
      DeskControls controls,
      TaskRunner tasks,
      Consumer<SignOnResult.SignedOn> switchUser,
      Runnable signOff) {
    DeskShell shell = new DeskShell(stage, desktop, controls, tasks, switchUser, signOff);
    shell.wrap();
    return shell;
  }

  private void wrap() {
    Scene scene = stage.getScene();
    Parent original = scene.getRoot();
    // Everything is wired before the new root is shown: a test (or a fast teller) may act on it
    // the moment it appears.
    Actor a = c.actor();
    bar.root();
    bar.signedOnLabel.setText(c.displayName() + " (" + a.userId() + ", " + a.role().label() + ")");
    // A desk of a branch server offers what the branch API serves (docs/branch-server.md): every
    // control, each behind its desk.client interface (embedded or HTTP).
    boolean served = c.approvals() != null;
    show(bar.approvalsButton, served && a.may(Permission.APPROVE));
    show(bar.reverseButton, c.reversals() != null && a.may(Permission.REVERSE));
    show(bar.reverseReferenceField, c.reversals() != null && a.may(Permission.REVERSE));
    show(
        bar.endOfDayButton,
        c.endOfDay() != null
            && (a.may(Permission.CLOSE_OWN_DAY) || a.may(Permission.CLOSE_BRANCH_DAY)));
    show(bar.auditButton, c.audit() != null && a.may(Permission.VIEW_AUDIT));
    show(bar.approveHereOpenButton, served);
    show(bar.printReceiptButton, c.receipts() != null);
    bar.approvalsButton.setOnAction(e -> openQueue());
    bar.reverseButton.setOnAction(e -> openReversal(bar.reverseReferenceField.getText()));
    bar.endOfDayButton.setOnAction(e -> openEndOfDay());
    bar.auditButton.setOnAction(e -> openAudit());
    bar.lockButton.setOnAction(e -> lock.lock("locked by the user"));
    bar.signOffButton.setOnAction(e -> stopAndRun(signOff));
    bar.approveHereOpenButton.setOnAction(e -> openOverTheShoulder());
    bar.printReceiptButton.setOnAction(e -> openReceipt(lastReference, true));
    desktop
        .form()
        .addAttemptObserver(
            new RetryingSubmission.Listener() {
              @Override
              public void attemptFinished(AttemptResult result) {
                if (result instanceof AttemptResult.Answered answered) {
                  tasks.ui().run(() -> answered(answered.outcome()));
                }
              }
            });
    journalMenu(original);
    Parent lockRoot = lockView.root();
    lockRoot.visibleProperty().bind(lock.lockedProperty());
    lock.lockedProperty()
        .addListener(
            (o, was, now) -> {
              if (now) {
                lockView.focus();
              }
            });
    VBox column = new VBox(bar.root(), original);
    VBox.setVgrow(original, javafx.scene.layout.Priority.ALWAYS);
    StackPane root = new StackPane(column, lockRoot);
    root.setId("deskShell");
    root.getStylesheets().add(DeskShell.class.getResource(Styles.STYLESHEET).toExternalForm());
    scene.addEventFilter(InputEvent.ANY, e -> lock.input());
    idleCheck.setCycleCount(Timeline.INDEFINITE);
    idleCheck.play();
    scene.setRoot(root);
  }

  private void stopAndRun(Runnable r) {
    idleCheck.stop();
    r.run();
  }

  /** Stops the idle watch (the desk is being replaced). */
  public void dispose() {
    idleCheck.stop();
  }

  public IdleLockViewModel lock() {
    return lock;
  }

  private static void show(Node n, boolean visible) {
    n.setVisible(visible);
    n.setManaged(visible);
  }

  private void answered(TransferOutcome o) {
    if (o instanceof TransferOutcome.NeedsApproval n && n.approval() == null) {
      waiting = n;
      bar.approvalNeededLabel.setText(
          "Transfer "
              + n.key().shortForm()
              + " needs a supervisor: "
              + n.why()
              + (c.approvals() != null
                  ? " It is in the approval queue; or a supervisor approves it here."
                  : " A supervisor approves it at a desk on the ledger, then Send posts it."));
      bar.approvalBox.setVisible(true);
    } else if (o instanceof TransferOutcome.Posted p) {
      bar.approvalBox.setVisible(false);
      waiting = null;
      lastReference = p.reference();
      bar.lastPostingLabel.setText(
          (p.replayed() ? "Already posted as " : "Posted as ") + p.reference() + ".");
      bar.receiptBox.setVisible(c.receipts() != null);
    } else if (!(o instanceof TransferOutcome.NeedsApproval)) {
      bar.approvalBox.setVisible(false);
    }
  }

  private void openOverTheShoulder() {
    TransferOutcome.NeedsApproval n = waiting;
    if (n == null) {
      return;
    }
    TransferRequest r = n.request();
    OverTheShoulderViewModel vm =
        new OverTheShoulderViewModel(
            (id, pw, teller, key, fingerprint, reason) ->
                c.approvals()
                    .approveOverTheShoulder(
                        id, pw, c.actor().workstation(), teller, key, fingerprint, reason),
            tasks,
            c.actor().userId(),
            n.key(),
            r.fingerprint(),
            r.amount().format()
                + " from "
                + r.fromAccount()
                + " to "
                + r.toAccount()
                + ": "
                + n.why(),
            () -> {
              bar.approvalBox.setVisible(false);
              // The same key again: it posts once now.
              desktop.form().submit();
            });
    window("Supervisor approval", new OverTheShoulderView(vm).root());
  }

  private void openQueue() {
    ApprovalQueueViewModel vm =
        new ApprovalQueueViewModel(c.actor(), c.approvals(), tasks, c.zone());
    window("Approvals", new ApprovalQueueView(vm).root());
    vm.reload();
  }

  /** Opens the reversal form of {@code reference}; its key is minted now. */
  public void openReversal(String reference) {
    String ref = reference == null ? "" : reference.strip();
    ReversalViewModel[] self = new ReversalViewModel[1];
    ReversalViewModel vm =
        new ReversalViewModel(
            ref,
            r -> c.reversals().posting(c.actor(), r),
            (key, r, reason) -> c.reversals().reverse(c.actor(), key, r, reason),
            tasks,
            o -> {
              if (o instanceof TransferOutcome.Posted p && !p.replayed()) {
                lastReference = p.reference();
                bar.lastPostingLabel.setText("Reversal posted as " + p.reference() + ".");
                bar.receiptBox.setVisible(true);
              } else if (o instanceof TransferOutcome.NeedsApproval n && n.approval() == null) {
                OverTheShoulderViewModel approve =
                    new OverTheShoulderViewModel(
                        (id, pw, teller, key, fingerprint, why) ->
                            c.approvals()
                                .approveOverTheShoulder(
                                    id, pw, c.actor().workstation(), teller, key, fingerprint, why),
                        tasks,
                        c.actor().userId(),
                        n.key(),
                        self[0].fingerprint(n),
                        "Reversal of " + ref + ": " + n.why(),
                        () -> self[0].submit());
                window("Supervisor approval", new OverTheShoulderView(approve).root());
              }
            });
    self[0] = vm;
    window("Reverse " + ref, new ReversalView(vm).root());
  }

  private void openEndOfDay() {
    EndOfDayViewModel vm = new EndOfDayViewModel(c, tasks);
    window("End of day", new EndOfDayView(vm).root());
    vm.reload();
  }

  private void openAudit() {
    window("Audit trail", new AuditView(new AuditViewModel(c, tasks)).root());
  }

  /** Issues the receipt of {@code reference} (a DUPLICATE after the first), shows and prints it. */
  public void openReceipt(String reference, boolean print) {
    if (reference == null) {
      return;
    }
    ReceiptViewModel vm =
        new ReceiptViewModel(
            ref -> c.receipts().issue(c.actor(), ref),
            tasks,
            c.paperDirectory().resolve("receipts"),
            c.zone());
    ReceiptView view = new ReceiptView(vm);
    view.reprintOf(reference);
    window("Receipt " + reference, view.root());
    vm.issue(reference, print ? view::print : () -> {});
  }

  private void journalMenu(Parent original) {
    Node n = original.lookup("#journalTable");
    if (!(n instanceof TableView<?> table)) {
      return;
    }
    MenuItem reverse = new MenuItem("Reverse…");
    reverse.setId("journalReverseItem");
    MenuItem reprint = new MenuItem("Print receipt");
    reprint.setId("journalReceiptItem");
    reverse.setOnAction(e -> selectedReference(table, this::openReversal));
    reprint.setOnAction(e -> selectedReference(table, ref -> openReceipt(ref, true)));
    reverse.setVisible(c.reversals() != null && c.actor().may(Permission.REVERSE));
    reprint.setVisible(c.receipts() != null && c.actor().may(Permission.PRINT_RECEIPT));
    table.setContextMenu(new ContextMenu(reverse, reprint));
  }

  private static void selectedReference(TableView<?> table, Consumer<String> then) {
    Object row = table.getSelectionModel().getSelectedItem();
    if (row instanceof JournalRow j && j.reference() != null && j.reference().startsWith("T-")) {
      then.accept(j.reference());
    }
  }

  private void window(String title, Parent content) {
    Stage w = new Stage();
    w.initOwner(stage);
    w.setTitle(title);
    Scene scene = new Scene(content);
    scene.getStylesheets().add(DeskShell.class.getResource(Styles.STYLESHEET).toExternalForm());
    scene.addEventFilter(InputEvent.ANY, e -> lock.input());
    w.setScene(scene);
    lock.lockedProperty()
        .addListener(
            (o, was, now) -> {
              if (now) {
                w.close(); // nothing readable stays open over a locked desk
              }
            });
    w.show();
  }
}
