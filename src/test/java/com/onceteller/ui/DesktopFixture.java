package com.onceteller.ui;

import com.onceteller.app.AppConfig;
import com.onceteller.app.AppContext;
import com.onceteller.app.OnceTellerApp;
import com.onceteller.demo.Fault;
import com.onceteller.demo.FaultPlan;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.ui.demo.DemoExtras;
import com.onceteller.ui.desktop.TellerDesktop;
import com.onceteller.ui.main.WindowPlacement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The whole teller desktop inside a TestFX test: a fresh demo ledger in a temporary folder, the
 * app's own composition root ({@link AppContext}: outbox, timeline, and in demo mode the fault
 * injection), the window at a chosen screen size. Documented in docs/testing.md; call {@link
 * #start} from the test's {@code @Start} method and {@link #close} after each test.
 *
 * <pre>{@code
 * @ExtendWith(ApplicationExtension.class)
 * class MyTest {
 *   @TempDir Path dir;
 *   DesktopFixture app;
 *
 *   @Start void start(Stage stage) { app = DesktopFixture.start(stage, dir); }
 *   @AfterEach void close() { app.close(); }
 *
 *   @Test void lostResponseReplays(FxRobot robot) {
 *     app.faults().arm(Fault.LOSE_RESPONSE);
 *     robot.clickOn("#fromField").write("Hartmann"); …
 *   }
 * }
 * }</pre>
 */
public final class DesktopFixture implements AutoCloseable {

  /**
   * Short backoff, so a test with a few retries takes about a second; a timeout long enough that an
   * ordinary attempt on a busy build machine does not time out and change the story.
   */
  public static final AppContext.ClientSettings FAST =
      new AppContext.ClientSettings(
          Duration.ofSeconds(4), new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 5));

  /** The screens tellers have (issue 10): the window is laid out as if maximised on each. */
  public static final WindowPlacement.Rect SCREEN_1024 = new WindowPlacement.Rect(0, 0, 1024, 768);

  public static final WindowPlacement.Rect SCREEN_1366 = new WindowPlacement.Rect(0, 0, 1366, 768);
  public static final WindowPlacement.Rect SCREEN_1920 = new WindowPlacement.Rect(0, 0, 1920, 1080);

  /**
   * @param demoMode wires the fault plan (demonstrations, fault arming) as the app does
   * @param client the client's timeout and retry policy
   * @param screen the screen the window opens on (maximised to it)
   * @param memory where the window's placement is remembered
   */
  public record Options(
      boolean demoMode,
      AppContext.ClientSettings client,
      WindowPlacement.Rect screen,
      WindowPlacement.Memory memory) {
    public static Options standard() {
      return new Options(true, FAST, SCREEN_1366, WindowPlacement.Memory.NONE);
    }

    public Options on(WindowPlacement.Rect s) {
      return new Options(demoMode, client, s, memory);
    }

    public Options withoutDemoMode() {
      return new Options(false, client, screen, memory);
    }

    public Options with(AppContext.ClientSettings c) {
      return new Options(demoMode, c, screen, memory);
    }

    /** Where the window's placement is remembered (nowhere by default). */
    public Options remembering(WindowPlacement.Memory m) {
      return new Options(demoMode, client, screen, m);
    }
  }

  public final Path ledger;
  public final Stage stage;
  public final AppContext context;
  public final TellerDesktop desktop;
  private final ExecutorService background;
  private final Path folder;

  private DesktopFixture(Path folder, Stage stage, Options o) {
    this.folder = folder;
    this.stage = stage;
    this.ledger = folder.resolve("ledger.mv.db");
    this.background =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "fixture-bg");
              t.setDaemon(true);
              return t;
            });
    this.context = AppContext.open(ledger, o.demoMode(), o.client());
    context.signedOn(com.onceteller.TestActors.TELLER);
    this.desktop =
        OnceTellerApp.build(
            context,
            new TaskRunner(background, FxUiThread.INSTANCE),
            new AppConfig(ledger, o.demoMode(), null, folder.resolve("onceteller.log")),
            (pause, next) -> Platform.runLater(next)); // demonstrations do not wait between steps
    desktop.attach(stage, o.screen(), o.memory());
    if (stage.isMaximized()) {
      // Headless there is no window manager to maximise: the window takes the screen's size.
      stage.setMaximized(false);
      stage.setX(o.screen().x());
      stage.setY(o.screen().y());
      stage.setWidth(o.screen().width());
      stage.setHeight(o.screen().height());
    }
    stage.show();
    desktop.start();
  }

  /** Starts the desktop in {@code stage} with a new demo ledger under {@code dir}. */
  public static DesktopFixture start(Stage stage, Path dir) {
    return start(stage, dir, Options.standard());
  }

  public static DesktopFixture start(Stage stage, Path dir, Options options) {
    try {
      Path folder = Files.createDirectories(dir.resolve("desk-" + System.nanoTime()));
      return new DesktopFixture(folder, stage, options);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The fault plan (demo mode only): arm a fault for the next attempt. */
  public FaultPlan faults() {
    if (context.faultPlan() == null) {
      throw new IllegalStateException("no fault plan outside demo mode");
    }
    return context.faultPlan();
  }

  /** Arms {@code fault} for the next attempt of any transfer (slow service: 1.5 × timeout). */
  public void arm(Fault fault) {
    faults().arm(fault, FAST.timeout().multipliedBy(3).dividedBy(2));
  }

  /**
   * Leaves {@code r} in doubt as an earlier run would have: recorded in the desk store with one
   * attempt that got no answer. The in-doubt list is not reloaded.
   */
  public void leaveInDoubt(
      com.onceteller.domain.IdempotencyKey key, com.onceteller.domain.TransferRequest r) {
    context.tellerOutbox().pending(key, r, java.time.Instant.now());
    context
        .outbox()
        .attempted(
            key,
            new com.onceteller.desk.client.AttemptResult.NoAnswer(
                1,
                java.time.Instant.now(),
                Duration.ofMillis(5),
                com.onceteller.desk.client.NoResponseException.Kind.TIMEOUT,
                "lost"));
  }

  /** The timeline and demonstration panels. */
  public DemoExtras extras() {
    return (DemoExtras) desktop.extras();
  }

  /** A folder for exports and screenshots, inside the test's temporary folder. */
  public Path folder() {
    return folder;
  }

  /**
   * Waits (at most 30 s) until {@code condition} holds on the FX thread, then for pending FX
   * events; fails with what the form says otherwise. Never sleeps a fixed time.
   */
  public void waitFor(java.util.concurrent.Callable<Boolean> condition) {
    try {
      org.testfx.util.WaitForAsyncUtils.waitFor(
          30,
          java.util.concurrent.TimeUnit.SECONDS,
          () -> org.testfx.util.WaitForAsyncUtils.asyncFx(condition).get());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "not in time; form "
              + desktop.form().state()
              + " / "
              + desktop.form().headlineProperty().get()
              + " / "
              + desktop.form().detailProperty().get(),
          e);
    }
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
  }

  /** Stops the background work and closes the ledger (waits for an attempt still inside). */
  @Override
  public void close() {
    background.shutdownNow();
    context.close();
  }
}
