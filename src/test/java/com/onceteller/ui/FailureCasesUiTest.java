package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestLedger;
import com.onceteller.app.AppConfig;
import com.onceteller.app.AppContext;
import com.onceteller.app.OnceTellerApp;
import com.onceteller.demo.Fault;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.timeline.EventKind;
import com.onceteller.desk.timeline.TimelineEvent;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
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
 * The article's failure cases through the real window, the app's composition root (AppContext in
 * demo mode: fault-injecting transport and service observer, timeline, HibernateOutbox) and a real
 * H2 file.
 */
@ExtendWith(ApplicationExtension.class)
class FailureCasesUiTest {

  static final AppContext.ClientSettings FAST =
      new AppContext.ClientSettings(
          Duration.ofMillis(1500),
          new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 5));

  @TempDir static Path dir;
  private Path file;
  private AppContext ctx;
  private TellerDesktop desktop;
  private Stage stage;
  private final ExecutorService background = Executors.newFixedThreadPool(2);

  @Start
  void start(Stage stage) throws Exception {
    this.stage = stage;
    Path d = Files.createDirectories(dir.resolve("c" + System.nanoTime()));
    file = d.resolve("ledger.mv.db");
    openWindow();
  }

  private void openWindow() {
    ctx = AppContext.open(file, true, FAST);
    ctx.signedOn(com.onceteller.TestActors.TELLER);
    desktop =
        OnceTellerApp.build(
            ctx,
            new TaskRunner(background, FxUiThread.INSTANCE),
            new AppConfig(file, true, file.getParent(), file.getParent().resolve("log")));
    desktop.attach(stage);
    stage.show();
    desktop.start();
  }

  @AfterEach
  void close() {
    background.shutdownNow();
    ctx.close();
  }

  private void waitFor(java.util.concurrent.Callable<Boolean> condition) {
    try {
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "not in time; form "
              + desktop.form().state()
              + " / "
              + desktop.form().headlineProperty().get(),
          e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  private long balance(int i) {
    return ctx.queries().account(TestLedger.number(i)).orElseThrow().balanceMinor();
  }

  /** Sends 125.00 from Amelie Hartmann to Jonas Weber with {@code fault} armed; returns the key. */
  private IdempotencyKey sendWith(FxRobot robot, Fault fault, Duration slowness) {
    ctx.faultPlan().arm(fault, slowness);
    robot.clickOn("#fromField").write("Hartmann");
    waitFor(() -> desktop.form().from().chosen() != null);
    robot.clickOn("#toField").write("Weber");
    waitFor(() -> desktop.form().to().chosen() != null);
    robot.clickOn("#amountField").write("125").type(KeyCode.ENTER);
    waitFor(() -> desktop.form().state().decided());
    return desktop.form().key();
  }

  private void assertMovedOnce(IdempotencyKey key, long from0, long to1) {
    assertThat(desktop.form().state()).isIn(FormState.POSTED, FormState.ALREADY_POSTED);
    assertThat(ctx.queries().countTransfersForKey(key.value())).isEqualTo(1);
    assertThat(balance(0)).isEqualTo(from0 - 12_500);
    assertThat(balance(1)).isEqualTo(to1 + 12_500);
  }

  private java.util.Set<EventKind> kinds(IdempotencyKey key) {
    return ctx.timeline().eventsFor(key).stream()
        .map(TimelineEvent::kind)
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void lostRequestEndsPostedOnceAndTheTimelineShowsTheLossAndTheRetry(FxRobot robot) {
    long a = balance(0);
    long b = balance(1);
    IdempotencyKey key = sendWith(robot, Fault.LOSE_REQUEST, Duration.ZERO);
    assertMovedOnce(key, a, b);
    assertThat(desktop.form().state()).isEqualTo(FormState.POSTED);
    assertThat(kinds(key)).contains(EventKind.REQUEST_LOST, EventKind.COMMITTED);
    waitFor(() -> robot.lookup("#caption1").tryQuery().isPresent());
    assertThat(robot.lookup("#caption1").queryAs(Label.class).getText()).contains("Request lost");
  }

  @Test
  void crashBeforeCommitRollsBackAndTheRetryPostsOnce(FxRobot robot) {
    long a = balance(0);
    long b = balance(1);
    IdempotencyKey key = sendWith(robot, Fault.CRASH_BEFORE_COMMIT, Duration.ZERO);
    assertMovedOnce(key, a, b);
    assertThat(kinds(key))
        .contains(EventKind.POSTINGS_WRITTEN, EventKind.CRASHED, EventKind.ROLLED_BACK);
    waitFor(() -> robot.lookup("#caption1").tryQuery().isPresent());
    assertThat(robot.lookup("#caption1").queryAs(Label.class).getText()).contains("rolled back");
  }

  @Test
  void lostResponseEndsAlreadyPostedThroughAReplay(FxRobot robot) throws Exception {
    long a = balance(0);
    long b = balance(1);
    IdempotencyKey key = sendWith(robot, Fault.LOSE_RESPONSE, Duration.ZERO);
    assertMovedOnce(key, a, b);
    assertThat(desktop.form().state()).isEqualTo(FormState.ALREADY_POSTED);
    assertThat(robot.lookup("#statusHeadline").queryAs(Label.class).getText())
        .startsWith("Already posted at");
    assertThat(kinds(key))
        .contains(EventKind.COMMITTED, EventKind.RESPONSE_LOST, EventKind.REPLAYED);
    if (Boolean.getBoolean("screenshot")) {
      robot.interact(() -> desktop.mainView().selectTab("timelineTab"));
      WaitForAsyncUtils.waitForFxEvents();
      Path out = Path.of(System.getProperty("screenshot.dir", "docs"));
      Files.createDirectories(out);
      robot.interact(
          () -> {
            var img = stage.getScene().snapshot(null);
            try {
              javax.imageio.ImageIO.write(
                  javafx.embed.swing.SwingFXUtils.fromFXImage(img, null),
                  "png",
                  out.resolve("screenshot-demo.png").toFile());
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
      System.out.println("screenshot written to " + out.resolve("screenshot-demo.png"));
    }
  }

  @Test
  void aRetryRacingASlowFirstAttemptNeverPostsTwiceAndEndsPosted(FxRobot robot) {
    long a = balance(0);
    long b = balance(1);
    IdempotencyKey key = sendWith(robot, Fault.SLOW_SERVICE, Duration.ofMillis(2500));
    assertMovedOnce(key, a, b);
    assertThat(desktop.form().retry().attempts().size()).isGreaterThan(1);
  }

  @Test
  void theInDoubtListSurvivesARestartAndResolvingPostsOnce(FxRobot robot) {
    long a = balance(0);
    Map<String, Long> totals = ctx.queries().totalsByCurrency();
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r =
        new TransferRequest(TestLedger.number(0), TestLedger.number(1), 4_200, "EUR", "Crash");
    // the app died after recording the submission and sending an attempt with no answer
    ctx.tellerOutbox().pending(key, r, Instant.now());
    ctx.outbox()
        .attempted(
            key,
            new AttemptResult.NoAnswer(
                1, Instant.now(), Duration.ofMillis(5), NoResponseException.Kind.TIMEOUT, "lost"));
    robot.interact(
        () -> {
          ctx.close();
          openWindow();
        });
    waitFor(() -> robot.lookup("#inDoubtBanner").query().isVisible());
    assertThat(robot.lookup("#inDoubtTitle").queryAs(Label.class).getText())
        .isEqualTo("1 transfer in doubt");
    robot.clickOn("#resolveButton");
    waitFor(() -> robot.lookup("#inDoubtAnswer").queryAs(Label.class).getText().contains("posted"));
    assertThat(robot.lookup("#inDoubtAnswer").queryAs(Label.class).getText())
        .contains("posted now");
    assertThat(ctx.queries().countTransfersForKey(key.value())).isEqualTo(1);
    assertThat(balance(0)).isEqualTo(a - 4_200);
    assertThat(ctx.queries().totalsByCurrency()).isEqualTo(totals);
    waitFor(() -> ctx.outbox().inDoubt().isEmpty());
    waitFor(() -> robot.lookup("#inDoubtTitle").queryAs(Label.class).getText().isEmpty());
  }
}
