package com.onceteller.app;

import com.onceteller.faults.ScenarioRunner;
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
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application: opens the ledger through {@link AppContext} and shows the desktop. */
public final class OnceTellerApp extends Application {

  private static final Logger log = LoggerFactory.getLogger(OnceTellerApp.class);
  private static volatile AppConfig config;
  private AppContext context;
  private ExecutorService background;

  /**
   * Starts the JavaFX application with the launcher's decisions. Blocks until the window closes.
   */
  public static void launchWith(AppConfig appConfig, String... args) {
    config = appConfig;
    Application.launch(OnceTellerApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    context = AppContext.open(config);
    background =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "ui-background");
              t.setDaemon(true);
              return t;
            });
    TaskRunner tasks = new TaskRunner(background, FxUiThread.INSTANCE);
    TellerDesktop desktop = build(context, tasks, config);
    desktop.attach(stage);
    stage.show();
    desktop.start();
    log.info("Teller desktop open on {}", config.databaseFile());
  }

  /** Builds the desktop on an open context (also used by tests and the screenshot). */
  public static TellerDesktop build(AppContext ctx, TaskRunner tasks, AppConfig cfg) {
    TellerServices services =
        new TellerServices(
            cfg.databaseFile().toString(),
            ctx.queries(),
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
    return new TellerDesktop(
        services, tasks, main, new DemoExtras(ctx.timeline(), ctx.faultPlan(), runner, tasks));
  }

  @Override
  public void stop() {
    if (background != null) {
      background.shutdownNow();
    }
    if (context != null) {
      context.close();
    }
  }
}
