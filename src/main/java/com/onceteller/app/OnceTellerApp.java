package com.onceteller.app;

import com.onceteller.branch.ledger.DatabaseOpenException;
import com.onceteller.demo.ScenarioRunner;
import com.onceteller.ui.FxUiThread;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerDesktop;
import com.onceteller.ui.TellerServices;
import com.onceteller.ui.demo.DemoExtras;
import com.onceteller.ui.main.MainViewModel;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
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
    Label opening = new Label("Opening " + config.databaseFile() + " …");
    opening.setId("openingLabel");
    opening.setPadding(new Insets(24));
    stage.setTitle("OnceTeller");
    stage.setScene(new Scene(new StackPane(opening), 640, 160));
    stage.show();
    background.execute(
        () -> {
          try {
            AppContext opened = AppContext.open(config);
            startUpQuietly(opened);
            Platform.runLater(() -> showDesktop(stage, opened));
          } catch (RuntimeException e) {
            log.error("Cannot open {}", config.databaseFile(), e);
            Platform.runLater(() -> refuse(stage, e));
          }
        });
  }

  /**
   * The acknowledgement audit and the re-asking of in-doubt transfers, before the teller can send
   * anything. A failure here (the desk store refusing a write) leaves the app usable: what was not
   * checked is checked at the next start, and the in-doubt list still shows what is open.
   */
  private static void startUpQuietly(AppContext opened) {
    try {
      opened.startUp();
    } catch (RuntimeException e) {
      log.error("The start-up audit did not finish; it runs again at the next start", e);
    }
  }

  private void showDesktop(Stage stage, AppContext opened) {
    context = opened;
    TaskRunner tasks = new TaskRunner(background, FxUiThread.INSTANCE);
    TellerDesktop desktop = build(context, tasks, config);
    desktop.attach(stage);
    stage.sizeToScene();
    stage.centerOnScreen();
    desktop.start();
    log.info("Teller desktop open on {}", config.databaseFile());
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
    TellerServices services =
        new TellerServices(
            cfg.server() == null ? cfg.databaseFile().toString() : cfg.server().url().toString(),
            ctx.reads(),
            ctx.client(),
            ctx.outbox(),
            ctx.clientSettings().retryPolicy(),
            ctx::newSubmission,
            ctx.clock(),
            ZoneId.systemDefault());
    ScenarioRunner runner =
        ctx.faultPlan() == null
            ? null
            : new ScenarioRunner(
                ctx::newSubmission,
                ctx.client(),
                ctx.faultPlan(),
                ctx.queries(),
                ctx.timeline(),
                ctx.clientSettings().timeout());
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
        services, tasks, main, new DemoExtras(ctx.timeline(), ctx.faultPlan(), runner, tasks));
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
