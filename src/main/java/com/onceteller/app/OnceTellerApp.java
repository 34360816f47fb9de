package com.onceteller.app;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseOpenException;
import com.onceteller.branch.ledger.DemoUsers;
import com.onceteller.ui.FxUiThread;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerServices;
import com.onceteller.ui.demo.DemoExtras;
import com.onceteller.ui.demo.FxPacer;
import com.onceteller.ui.demo.ScenarioPlayerViewModel;
import com.onceteller.ui.desktop.TellerDesktop;
import com.onceteller.ui.main.MainViewModel;
import com.onceteller.ui.main.WindowPlacement;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: shows the sign-on screen at once while the ledger opens through {@link
 * AppContext} in the background, then the desktop.
 */
public final class OnceTellerApp extends Application {

  private static final Logger log = LoggerFactory.getLogger(OnceTellerApp.class);
  static volatile AppConfig config;
  private volatile AppContext context;
  private volatile boolean stopped;
  private ExecutorService background;

  /** What happens after the teller has read why the ledger cannot be opened (tests replace it). */
  static volatile Runnable afterRefusal = Platform::exit;

  /** Opens the ledger (tests replace it, e.g. with one that waits for a gate). */
  interface Opener {
    AppContext open(AppConfig config, Database.StoreEvents events);
  }

  /** The production opener: the ledger file, the desk store, demo data and users. */
  static final Opener LEDGER =
      (cfg, events) ->
          AppContext.open(
              cfg.databaseFile(), cfg.demoMode(), AppContext.ClientSettings.DEFAULT, events);

  /** How the ledger is opened (tests replace it). */
  static volatile Opener opener = LEDGER;

  /** The opening started by {@link #launchWith} before the toolkit, or by {@link #start}. */
  private static volatile Opening pending;

  /** An opening in progress: its progress reports and its result (context and demo hints). */
  record Opening(OpeningProgress progress, CompletableFuture<Opened> result) {}

  /** An open ledger and the demo users it has. */
  record Opened(AppContext context, List<String> hints) {}

  /**
   * Starts the JavaFX application with the launcher's decisions. Blocks until the window closes.
   * The ledger starts opening first, on its own thread, while the toolkit starts and the sign-on
   * screen is built (issue 13: the window appears at once).
   */
  public static void launchWith(AppConfig appConfig, String... args) {
    config = appConfig;
    pending = beginOpening(appConfig, FIRST_FRAME);
    Application.launch(OnceTellerApp.class, args);
  }

  /**
   * Counted down once the first frame of the window has been laid out and handed to the renderer.
   * The ledger's opening waits for it (at most {@link #FIRST_FRAME_WAIT_MILLIS}): on two cores its
   * recovery checks, Flyway and Hibernate would otherwise take half the machine from the toolkit
   * while it starts and the window is drawn. The thread and its classes are ready meanwhile.
   */
  private static final java.util.concurrent.CountDownLatch FIRST_FRAME =
      new java.util.concurrent.CountDownLatch(1);

  private static final long FIRST_FRAME_WAIT_MILLIS = 1_500;

  /**
   * Opens the ledger on a new daemon thread: H2 (recovery, compaction, the read-only checks),
   * Flyway, Hibernate, demo data. Nothing of it needs the toolkit.
   */
  static Opening beginOpening(AppConfig cfg, java.util.concurrent.CountDownLatch after) {
    OpeningProgress progress = new OpeningProgress(cfg.databaseFile());
    CompletableFuture<Opened> result = new CompletableFuture<>();
    Opener how = opener;
    Thread t =
        new Thread(
            () -> {
              long t0 = System.nanoTime();
              try {
                if (after != null && !after.await(FIRST_FRAME_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                  log.debug(
                      "No first frame after {} ms; opening the ledger anyway",
                      FIRST_FRAME_WAIT_MILLIS);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              try {
                AppContext opened;
                try {
                  opened = how.open(cfg, progress);
                } finally {
                  progress.stop();
                }
                List<String> hints = cfg.demoMode() ? demoHints(opened) : List.of();
                log.info("Ledger ready after {} ms", (System.nanoTime() - t0) / 1_000_000);
                result.complete(new Opened(opened, hints));
              } catch (RuntimeException | Error e) {
                log.error("Cannot open {}", cfg.databaseFile(), e);
                result.completeExceptionally(e);
              }
            },
            "ledger-open");
    t.setDaemon(true);
    t.start();
    return new Opening(progress, result);
  }

  /**
   * Shows the window with the sign-on screen at once; the ledger opens meanwhile (begun by {@link
   * #launchWith}). The fields accept typing; a sign-on waits for the ledger and says so, with what
   * the store is doing (recovery, compaction) and the elapsed time. A ledger that cannot be opened
   * is explained in a dialog and on the screen, never as a stack trace.
   */
  @Override
  public void start(Stage stage) {
    Opening opening = pending;
    pending = null;
    if (opening == null) {
      opening = beginOpening(config, null);
    }
    background =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "ui-background");
              t.setDaemon(true);
              return t;
            });
    stage.setTitle("OnceTeller");
    // The first frame already has the window's final place and size: no tiny box that jumps.
    WindowPlacement.State placed = WindowPlacement.decide(screen(), windowMemory(config).load());
    stage.setScene(new Scene(new StackPane(), placed.bounds().width(), placed.bounds().height()));
    stage.setX(placed.bounds().x());
    stage.setY(placed.bounds().y());
    stage.setMaximized(placed.maximized());
    TaskRunner tasks = new TaskRunner(background, FxUiThread.INSTANCE);
    DeskFlow flow =
        DeskFlow.opening(
            stage,
            config,
            tasks,
            config.demoMode() ? demoUserLines() : List.of(),
            Clock.systemUTC(),
            workstation());
    flow.showSignOn();
    StartupProbe.watch(stage);
    stage.show();
    releaseAfterFirstFrame(stage.getScene());
    opening.progress().showOn(flow::ledgerProgress);
    opening
        .result()
        .whenComplete(
            (opened, failure) ->
                Platform.runLater(
                    () -> {
                      if (opened != null) {
                        context = opened.context();
                        if (stopped) {
                          closeLater(context);
                          return;
                        }
                        flow.ledgerOpened(opened.context(), opened.hints());
                        StartupProbe.ledgerOpen();
                      } else {
                        Throwable e =
                            failure instanceof java.util.concurrent.CompletionException c
                                    && c.getCause() != null
                                ? c.getCause()
                                : failure;
                        flow.ledgerFailed(refusal(e));
                        refuse(stage, e);
                      }
                    }));
  }

  /** The demo users and their public passwords, for a demonstration ledger's sign-on screen. */
  static List<String> demoHints(AppContext ctx) {
    if (!ctx.identity().hasDemoUsers()) {
      return List.of();
    }
    return demoUserLines();
  }

  /** The demo users' lines, shown before the ledger is open in demo mode. */
  static List<String> demoUserLines() {
    return DemoUsers.USERS.stream()
        .map(u -> String.format("%-6s %-16s %s", u.userId(), u.password(), u.role().label()))
        .toList();
  }

  /** This desk's name in the audit trail: -Donceteller.workstation, else the host's name. */
  static String workstation() {
    String name = System.getProperty("onceteller.workstation");
    if (name == null || name.isBlank()) {
      name = System.getenv().getOrDefault("HOSTNAME", "desk");
    }
    name = name.strip();
    return name.isEmpty() ? "desk" : name.length() > 64 ? name.substring(0, 64) : name;
  }

  /** The usable area of the primary screen (without task bars). */
  static WindowPlacement.Rect screen() {
    Rectangle2D b = Screen.getPrimary().getVisualBounds();
    return new WindowPlacement.Rect(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
  }

  /** The window's placement, kept in the user's settings file. */
  static WindowPlacement.Memory windowMemory(AppConfig cfg) {
    if (cfg.dataDirectory() == null) {
      return WindowPlacement.Memory.NONE;
    }
    AppSettings settings = AppSettings.load(new AppPaths(cfg.dataDirectory()));
    return new WindowPlacement.Memory() {
      @Override
      public Optional<WindowPlacement.State> load() {
        return settings.windowPlacement().flatMap(WindowPlacement.State::decode);
      }

      @Override
      public void save(WindowPlacement.State state) {
        settings.setWindowPlacement(state.encode());
      }
    };
  }

  /** Why the ledger could not be opened, in words for the teller. */
  private static String refusal(Throwable e) {
    return e instanceof DatabaseOpenException
        ? e.getMessage()
        : "The ledger " + config.databaseFile() + " could not be opened: " + e.getMessage();
  }

  private static void refuse(Stage stage, Throwable e) {
    Alert alert = new Alert(Alert.AlertType.ERROR);
    alert.initOwner(stage);
    alert.setTitle("OnceTeller");
    alert.setHeaderText("OnceTeller cannot open this ledger");
    alert.setContentText(refusal(e));
    alert.getDialogPane().setId("openFailedDialog");
    alert.setOnHidden(h -> afterRefusal.run());
    alert.show();
  }

  /** Builds the desktop on an open context (also used by tests and the screenshot). */
  public static TellerDesktop build(AppContext ctx, TaskRunner tasks, AppConfig cfg) {
    return build(ctx, tasks, cfg, new FxPacer());
  }

  /**
   * Builds the desktop; {@code pacer} sets the pause between a demonstration's steps (tests pass
   * one that does not wait).
   */
  public static TellerDesktop build(
      AppContext ctx, TaskRunner tasks, AppConfig cfg, ScenarioPlayerViewModel.Pacer pacer) {
    TellerServices services =
        new TellerServices(
            cfg.server() == null ? cfg.databaseFile().toString() : cfg.server().url().toString(),
            ctx.reads(),
            ctx.client(),
            ctx.tellerOutbox(),
            ctx.clientSettings().retryPolicy(),
            ctx::newSubmission,
            ctx.abandonment()::abandon,
            ctx.clock(),
            ZoneId.systemDefault());
    MainViewModel main =
        new MainViewModel(
            cfg.databaseFile().toString(),
            ctx.demoMode(),
            new MainViewModel.About(
                AppVersion.current(),
                cfg.databaseFile().toString(),
                String.valueOf(cfg.logFile()),
                MainViewModel.DURABILITY_PROMISE));
    if (cfg.dataDirectory() != null) {
      AppSettings settings = AppSettings.load(new AppPaths(cfg.dataDirectory()));
      main.withDemoModeSetting(on -> settings.setDemoMode(cfg.databaseFile(), on), tasks);
    }
    return new TellerDesktop(
        services,
        tasks,
        main,
        new DemoExtras(
            ctx.timeline(),
            ctx.faultPlan(),
            tasks,
            ctx.clock(),
            ZoneId.systemDefault(),
            ctx.clientSettings().timeout(),
            pacer));
  }

  @Override
  public void stop() {
    stopped = true;
    if (background != null) {
      background.shutdownNow();
    }
    AppContext closing = context;
    if (closing != null) {
      closeLater(closing);
    }
  }

  /**
   * Closing waits for an attempt still in the service and compacts the store: not on the FX thread.
   * A non-daemon thread, so the JVM waits for the ledger to be closed cleanly.
   */
  private static void closeLater(AppContext closing) {
    Thread closer = new Thread(closing::close, "ledger-close");
    closer.setDaemon(false);
    closer.start();
  }

  /** Counts {@link #FIRST_FRAME} down after the first layout pulse of {@code scene} (once). */
  private static void releaseAfterFirstFrame(Scene scene) {
    if (FIRST_FRAME.getCount() == 0) {
      return;
    }
    boolean[] seen = {false};
    Runnable[] listener = new Runnable[1];
    listener[0] =
        () -> {
          if (!seen[0]) {
            seen[0] = true;
            // After this pulse's render is queued; the listener is removed outside the pulse.
            Platform.runLater(
                () -> {
                  scene.removePostLayoutPulseListener(listener[0]);
                  FIRST_FRAME.countDown();
                });
          }
        };
    scene.addPostLayoutPulseListener(listener[0]);
  }
}
