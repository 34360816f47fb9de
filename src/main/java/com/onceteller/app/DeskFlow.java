package com.onceteller.app;

import com.onceteller.desk.timeline.Words;
import com.onceteller.domain.SignOnResult;
import com.onceteller.ui.DeskControls;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.desktop.TellerDesktop;
import com.onceteller.ui.signon.DeskShell;
import com.onceteller.ui.signon.SignOnView;
import com.onceteller.ui.signon.SignOnViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One window's life at a desk: the sign-on screen, then the desktop of whoever signed on with the
 * teller controls around it; signing off (or another user signing on at the lock screen) goes back
 * round. The app and the UI tests run the same flow.
 */
public final class DeskFlow {

  private static final Logger log = LoggerFactory.getLogger(DeskFlow.class);

  private final Stage stage;
  private volatile AppContext ctx;
  private final AppConfig config;
  private final TaskRunner tasks;
  private List<String> hints;
  private SignOnViewModel signOn;

  /** What the ledger is doing while it opens; null once it is open. */
  private String opening;

  /** Why the ledger could not be opened; null unless it failed. */
  private String failed;

  private final Clock idleClock;
  private final String workstation;
  private TellerDesktop desktop;
  private DeskShell shell;

  public DeskFlow(
      Stage stage,
      AppContext ctx,
      AppConfig config,
      TaskRunner tasks,
      List<String> hints,
      Clock idleClock,
      String workstation) {
    this(stage, config, tasks, hints, idleClock, workstation);
    this.ctx = ctx;
    this.opening = null;
  }

  /**
   * A flow whose ledger is still opening: the sign-on screen shows at once and accepts typing;
   * {@link #ledgerProgress}, {@link #ledgerOpened} or {@link #ledgerFailed} follow (UI thread).
   *
   * @param hints the demo users expected (replaced by those the ledger really has once open)
   */
  public static DeskFlow opening(
      Stage stage,
      AppConfig config,
      TaskRunner tasks,
      List<String> hints,
      Clock idleClock,
      String workstation) {
    return new DeskFlow(stage, config, tasks, hints, idleClock, workstation);
  }

  private DeskFlow(
      Stage stage,
      AppConfig config,
      TaskRunner tasks,
      List<String> hints,
      Clock idleClock,
      String workstation) {
    this.stage = stage;
    this.opening = "Opening the ledger …";
    this.config = config;
    this.tasks = tasks;
    this.hints = hints;
    this.idleClock = idleClock;
    this.workstation = workstation;
  }

  /** The ledger is still opening: what it is doing, with the elapsed time (UI thread). */
  public void ledgerProgress(String status) {
    if (ctx != null || failed != null) {
      return;
    }
    opening = status;
    if (signOn != null) {
      signOn.ledgerOpening(status);
    }
  }

  /** The ledger is open: a sign-on that was waiting goes ahead (UI thread). */
  public void ledgerOpened(AppContext opened, List<String> demoHints) {
    ctx = opened;
    hints = demoHints;
    opening = null;
    if (signOn != null) {
      signOn.ledgerOpened(demoHints);
    }
  }

  /** The ledger could not be opened: the sign-on screen says why, in one sentence (UI thread). */
  public void ledgerFailed(String why) {
    failed = why;
    if (signOn != null) {
      signOn.ledgerFailed(why);
    }
  }

  /** True once the ledger is open. */
  public boolean ledgerOpen() {
    return ctx != null;
  }

  /**
   * The sign-on screen comes before the desktop: nothing is sent until someone has signed on, and
   * everything is then sent as them. A real ledger without an administrator asks for the first.
   */
  public void showSignOn() {
    if (shell != null) {
      shell.dispose();
      shell = null;
    }
    // The port is only used once the ledger is open (the view-model waits for ledgerOpened).
    SignOnViewModel vm =
        new SignOnViewModel(
            new SignOnViewModel.Port() {
              @Override
              public SignOnResult signOn(String userId, char[] password) {
                return ctx.identity().signOn(userId, password, workstation);
              }

              @Override
              public boolean needsFirstAdministrator() {
                return ctx.identity().needsFirstAdministrator();
              }

              @Override
              public SignOnResult.SignedOn createFirstAdministrator(
                  String userId, String displayName, char[] password) {
                return ctx.identity()
                    .createFirstAdministrator(userId, displayName, password, workstation);
              }
            },
            tasks,
            hints,
            this::signedOn);
    if (config.server() != null && config.server().tellerId() != null) {
      // A branch desk proposes its teller (--teller, or the setting server.teller); they still give
      // their password, which the branch server checks.
      vm.userIdProperty().set(config.server().tellerId());
    }
    SignOnView view = new SignOnView(vm);
    StackPane pane = new StackPane(view.root());
    pane.setPadding(new Insets(24));
    if (view.root() instanceof javafx.scene.layout.Region card) {
      // The sign-on card sits in the middle of the window, which keeps its place and size.
      card.setMaxSize(
          javafx.scene.layout.Region.USE_PREF_SIZE, javafx.scene.layout.Region.USE_PREF_SIZE);
    }
    Scene previous = stage.getScene();
    Scene scene =
        new Scene(
            pane,
            previous == null ? 640 : Math.max(640, previous.getWidth()),
            previous == null ? 560 : Math.max(560, previous.getHeight()));
    scene
        .getStylesheets()
        .add(DeskFlow.class.getResource(com.onceteller.ui.Styles.STYLESHEET).toExternalForm());
    stage.setScene(scene);
    signOn = vm;
    if (failed != null) {
      vm.ledgerFailed(failed);
    } else if (ctx == null) {
      vm.ledgerOpening(opening);
    }
    vm.load();
    view.focus();
  }

  private void signedOn(SignOnResult.SignedOn s) {
    // A previous user of this desk (if any) is signed off cleanly by this.
    ctx.signedOn(s.actor());
    // Before the desktop shows: this teller's acknowledgements are audited against the ledger and
    // their in-doubt transfers asked again (off the FX thread; a failure leaves the desk usable).
    tasks.run(
        () -> {
          try {
            return ctx.startUp();
          } catch (RuntimeException e) {
            log.error("The start-up audit did not finish; it runs again at the next sign-on", e);
            return null;
          }
        },
        report -> showDesktop(s.displayName(), report),
        e -> showDesktop(s.displayName(), null));
  }

  private void showDesktop(String displayName, AppContext.StartUpReport report) {
    if (shell != null) {
      shell.dispose();
    }
    desktop = OnceTellerApp.build(ctx, tasks, config);
    desktop.attach(stage, OnceTellerApp.screen(), OnceTellerApp.windowMemory(config));
    shell =
        DeskShell.install(
            stage,
            desktop,
            controls(displayName),
            tasks,
            this::signedOn,
            () -> {
              ctx.signOff("signed off");
              showSignOn();
            });
    desktop.start();
    if (report != null) {
      // What the start-up check found is the teller's to see, not only the log's.
      desktop
          .inDoubt()
          .announce(
              Words.startUp(
                  report.inDoubtFound(),
                  report.resolved(),
                  report.stillInDoubt(),
                  report.audit().incidents()));
    }
    log.info("Desktop of {} open", ctx.actor().describe());
  }

  /** The teller controls of the signed-on user. */
  DeskControls controls(String displayName) {
    Path dir = config.databaseFile().toAbsolutePath().getParent();
    return new DeskControls(
        ctx.actor(),
        displayName,
        ctx.identity(),
        ctx.deskReversals(),
        ctx.deskApprovals(),
        ctx.deskEndOfDay(),
        ctx.deskAudit(),
        ctx.deskReceipts(),
        ctx.queries(),
        ctx::deskInDoubt,
        (key, why) -> ctx.outbox().abandoned(key, why, ctx.clock().instant()),
        dir.resolve("paper"),
        ZoneId.systemDefault(),
        idleClock,
        Duration.ofMinutes(Long.getLong("onceteller.idleLockMinutes", 15)));
  }

  public TellerDesktop desktop() {
    return desktop;
  }

  public DeskShell shell() {
    return shell;
  }
}
