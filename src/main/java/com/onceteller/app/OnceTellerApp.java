package com.onceteller.app;

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
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application: opens the ledger through {@link AppContext} and shows the desktop. */
public final class OnceTellerApp extends Application {

  private static final Logger log = LoggerFactory.getLogger(OnceTellerApp.class);
  static volatile AppConfig config;
  private AppContext context;
  private ExecutorService background;

  /**
   * Starts the JavaFX application with the launcher's decisions. Blocks until the window closes.
   */
  public static void launchWith(AppConfig appConfig, String... args) {
    config = appConfig;
    Application.launch(OnceTellerApp.class, args);
  }

  /** What happens after the teller has read why the ledger cannot be opened (tests replace it). */
  static volatile Runnable afterRefusal = Platform::exit;

  /**
   * Shows a small "opening" window at once and opens the ledger on a background thread (recovery,
   * reconciliation and migrations are disk work that must not freeze the FX thread). A ledger that
   * cannot be opened is explained in a dialog, never as a stack trace.
   */
  @Override
  public void start(Stage stage) {
    background =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "ui-background");
              t.setDaemon(true);
              return t;
            });
    Label opening =
        new Label(
            "Opening "
                + (config.server() == null ? config.databaseFile() : config.server().url())
                + " …");
    opening.setId("openingLabel");
    opening.setPadding(new Insets(24));
    stage.setTitle("OnceTeller");
    // The opening frame already has the window's final place and size: no tiny box that jumps.
    WindowPlacement.State placed = WindowPlacement.decide(screen(), windowMemory(config).load());
    stage.setScene(
        new Scene(new StackPane(opening), placed.bounds().width(), placed.bounds().height()));
    stage.setX(placed.bounds().x());
    stage.setY(placed.bounds().y());
    stage.setMaximized(placed.maximized());
    StartupProbe.watch(stage);
    stage.show();
    background.execute(
        () -> {
          try {
            OpeningProgress progress = new OpeningProgress(opening, config.databaseFile());
            AppContext opened;
            try {
              opened =
                  AppContext.open(
                      config.databaseFile(),
                      config.demoMode(),
                      AppContext.ClientSettings.DEFAULT,
                      progress);
            } finally {
              progress.stop();
            }
            List<String> hints = config.demoMode() ? demoHints(opened) : List.of();
            Platform.runLater(() -> showSignOn(stage, opened, hints));
          } catch (RuntimeException e) {
            log.error("Cannot open {}", config.databaseFile(), e);
            Platform.runLater(() -> refuse(stage, e));
          }
        });
  }

  /** Sign-on, then the desktop with the teller controls ({@link DeskFlow}). */
  private void showSignOn(Stage stage, AppContext opened, List<String> hints) {
    context = opened;
    StartupProbe.ledgerOpen();
    TaskRunner tasks = new TaskRunner(background, FxUiThread.INSTANCE);
    new DeskFlow(stage, opened, config, tasks, hints, opened.clock(), workstation()).showSignOn();
  }

  /** The demo users and their public passwords, for a demonstration ledger's sign-on screen. */
  static List<String> demoHints(AppContext ctx) {
    if (!ctx.identity().hasDemoUsers()) {
      return List.of();
    }
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

  private static void refuse(Stage stage, RuntimeException e) {
    Alert alert = new Alert(Alert.AlertType.ERROR);
    alert.initOwner(stage);
    alert.setTitle("OnceTeller");
    alert.setHeaderText("OnceTeller cannot open this ledger");
    alert.setContentText(
        e instanceof DatabaseOpenException
            ? e.getMessage()
            : "The ledger " + config.databaseFile() + " could not be opened: " + e.getMessage());
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
    if (background != null) {
      background.shutdownNow();
    }
    AppContext closing = context;
    if (closing != null) {
      // Closing waits for an attempt still in the service and compacts the store: not on the FX
      // thread. A non-daemon thread, so the JVM waits for the ledger to be closed cleanly.
      Thread closer = new Thread(closing::close, "ledger-close");
      closer.setDaemon(false);
      closer.start();
    }
  }
}
