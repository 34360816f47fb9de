package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.demo.Fault;
import com.onceteller.demo.Scenario;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.ui.transfer.FormState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes the screenshots of docs/ from the real desktop at 1366×768 (the most common teller
 * screen): {@code mvn -q test -Dtest=ScreenshotsUiTest -Dscreenshot=true}. Skipped otherwise.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotsUiTest {

  @TempDir Path dir;
  private Stage stage;
  private DesktopFixture app;

  @BeforeEach
  void onlyWhenAsked() {
    Assumptions.assumeTrue(Boolean.getBoolean("screenshot"), "run with -Dscreenshot=true");
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
  }

  private void open(FxRobot robot) {
    robot.interact(
        () ->
            app =
                DesktopFixture.start(
                    stage,
                    dir,
                    // the app's own timeout and backoff, as a teller's screen shows them
                    DesktopFixture.Options.standard()
                        .on(DesktopFixture.SCREEN_1366)
                        .with(com.onceteller.app.AppContext.ClientSettings.DEFAULT)));
  }

  private void shoot(FxRobot robot, String name) throws IOException {
    WaitForAsyncUtils.waitForFxEvents();
    Path out = Files.createDirectories(Path.of(System.getProperty("screenshot.dir", "docs")));
    robot.interact(
        () -> {
          var img = stage.getScene().snapshot(null);
          try {
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.resolve(name).toFile());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    System.out.println("screenshot written to " + out.resolve(name));
  }

  @Test
  void theResponseLostDemonstrationAtItsVerdict(FxRobot robot) throws IOException {
    open(robot);
    robot.interact(() -> app.extras().player().start(Scenario.RESPONSE_LOST, false));
    app.waitFor(() -> app.extras().player().resultProperty().get() != null);
    shoot(robot, "screenshot-demo.png");
  }

  @Test
  void theRetryPanelWithFourAttemptsEachFailingDifferently(FxRobot robot) throws IOException {
    open(robot);
    Fault[] faults = {Fault.LOSE_REQUEST, Fault.CRASH_BEFORE_COMMIT, Fault.LOSE_RESPONSE};
    // Before each of the first three attempts leaves, the next fault is armed for it.
    app.desktop
        .form()
        .addAttemptObserver(
            new RetryingSubmission.Listener() {
              @Override
              public void attemptStarted(Envelope e, Instant at) {
                if (e.attempt() <= faults.length) {
                  app.faults().arm(faults[e.attempt() - 1], Duration.ZERO, e.key());
                }
              }
            });
    robot.clickOn("#fromField").write("Hartmann");
    app.waitFor(() -> app.desktop.form().from().chosen() != null);
    robot.clickOn("#toField").write("Weber");
    app.waitFor(() -> app.desktop.form().to().chosen() != null);
    robot.clickOn("#amountField").write("250").clickOn("#memoField").write("Invoice 2291");
    robot.type(KeyCode.ENTER);
    app.waitFor(() -> app.desktop.form().state().decided());
    assertThat(app.desktop.form().retry().attempts()).hasSize(4);
    assertThat(app.desktop.form().state()).isEqualTo(FormState.ALREADY_POSTED);
    shoot(robot, "screenshot-retry-panel.png");
  }

  @Test
  void aScenarioMidWayPausedWhileTheRetryRacesTheSlowAttempt(FxRobot robot) throws IOException {
    open(robot);
    var player = app.extras().player();
    robot.interact(() -> player.start(Scenario.SLOW_RETRY_RACE, true));
    for (int i = 0; i < 5; i++) { // new, fill, arm, send, wait
      app.waitFor(() -> !player.steppingProperty().get());
      robot.interact(player::step);
    }
    // mid-way: attempt 1 timed out and the retry is on its way, the slow attempt still inside
    app.waitFor(() -> app.desktop.form().retry().attempts().size() == 2);
    shoot(robot, "screenshot-scenario-midway.png");
    app.waitFor(() -> !player.steppingProperty().get());
  }
}
