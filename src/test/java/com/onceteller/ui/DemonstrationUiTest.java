package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.demo.Scenario;
import com.onceteller.ui.demo.ScenarioPlayerViewModel;
import com.onceteller.ui.demo.ScenarioPlayerViewModel.StepRow;
import com.onceteller.ui.retry.AttemptRow;
import com.onceteller.ui.transfer.FormState;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Demonstrations play on the teller's own form and retry panel, step by step, and say so. */
@ExtendWith(ApplicationExtension.class)
class DemonstrationUiTest {

  @TempDir Path dir;
  private DesktopFixture app;

  @Start
  void start(Stage stage) {
    app = DesktopFixture.start(stage, dir);
  }

  @AfterEach
  void close() {
    app.close();
  }

  private ScenarioPlayerViewModel player() {
    return app.extras().player();
  }

  private String text(FxRobot robot, String id) {
    return robot.lookup(id).queryAs(Label.class).getText();
  }

  private List<StepRow.Status> statuses() {
    return player().steps().stream().map(StepRow::status).toList();
  }

  private void nextStep(FxRobot robot) {
    app.waitFor(() -> !player().steppingProperty().get());
    robot.type(KeyCode.F6);
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void aScenarioStepByStepFillsTheFormSendsFromItAndItsVerdictStays(FxRobot robot) {
    robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
    robot.clickOn("#stepByStepCheck").clickOn("#scenario-response-lost");
    WaitForAsyncUtils.waitForFxEvents();
    TabPane tabs = robot.lookup("#mainTabs").queryAs(TabPane.class);
    assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("timelineTab");
    assertThat(text(robot, "#scenarioStatus")).contains("Next step");

    nextStep(robot); // 1: new transfer
    assertThat(text(robot, "#timelineTitle"))
        .startsWith("Scenario: " + Scenario.RESPONSE_LOST.description());
    nextStep(robot); // 2: fill in, on the form itself
    app.waitFor(() -> statuses().get(1) == StepRow.Status.DONE);
    assertThat(robot.lookup("#fromField").queryAs(TextField.class).getText())
        .isEqualTo("DE89 3704 0044 0532 0130 00");
    assertThat(robot.lookup("#amountField").queryAs(TextField.class).getText()).isEqualTo("125.00");
    assertThat(app.desktop.form().state()).isEqualTo(FormState.DRAFT);
    nextStep(robot); // 3: arm
    nextStep(robot); // 4: send
    nextStep(robot); // 5: wait for the answer (retries on their own)
    app.waitFor(() -> statuses().get(4) == StepRow.Status.DONE);
    assertThat(app.desktop.form().state()).isEqualTo(FormState.ALREADY_POSTED);
    assertThat(app.desktop.form().retry().attempts())
        .extracting(AttemptRow::number)
        .containsExactly("1", "2");
    nextStep(robot); // 6: verdict
    app.waitFor(() -> robot.lookup("#resultCard").query().isVisible());
    assertThat(text(robot, "#resultHeadline")).isEqualTo("OK: money moved exactly once");
    assertThat(text(robot, "#resultDetail")).contains("Amelie Hartmann", "Jonas Weber");
    assertThat(text(robot, "#caption1")).startsWith("#1 Response lost after commit");

    // the verdict stays while the trainer looks elsewhere, until dismissed
    robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
    robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#resultCard").query().isVisible()).isTrue();
    robot.clickOn("#dismissResultButton");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#scenarioBar").query().isVisible()).isFalse();
  }

  @Test
  void aPlayingScenarioCanBePausedAndGoesOnWithPlay(FxRobot robot) {
    robot.interact(
        () -> {
          player().start(Scenario.REQUEST_LOST, false);
          player().pause(); // during step 1: it finishes, step 2 waits
        });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(statuses().get(0)).isEqualTo(StepRow.Status.DONE);
    assertThat(statuses().subList(1, statuses().size())).containsOnly(StepRow.Status.TO_DO);
    assertThat(text(robot, "#scenarioStatus")).contains("Paused before step 2");
    assertThat(
            robot.lookup("#playPauseButton").queryAs(javafx.scene.control.Button.class).getText())
        .isEqualTo("Play");
    robot.type(KeyCode.F5);
    app.waitFor(() -> player().resultProperty().get() != null);
    assertThat(statuses()).containsOnly(StepRow.Status.DONE);
    assertThat(player().resultProperty().get().ok()).isTrue();
    assertThat(app.desktop.form().state()).isEqualTo(FormState.POSTED);
  }

  @Test
  void aDoubleClickSendsTwiceAtOnceAndTheRetryPanelShowsTheSecondClick(FxRobot robot) {
    robot.interact(() -> player().start(Scenario.DOUBLE_CLICK, false));
    app.waitFor(() -> player().resultProperty().get() != null);
    assertThat(player().resultProperty().get().headline())
        .isEqualTo("OK: money moved exactly once");
    assertThat(app.desktop.form().retry().attempts())
        .extracting(AttemptRow::number)
        .containsExactlyInAnyOrder("1", "1 · 2nd click");
    assertThat(app.extras().timeline().stories()).hasSize(2);
    assertThat(app.extras().timeline().stories().get(1).sentWhileRunning()).isEqualTo(1);
  }

  @Test
  void theExportIsATitledPictureWithLegendAndCaptionsNamedAfterTheScenarioAndSaysWhereItWent(
      FxRobot robot) throws Exception {
    robot.interact(() -> player().start(Scenario.REQUEST_LOST, false));
    app.waitFor(() -> player().resultProperty().get() != null);
    Path folder = Files.createDirectories(app.folder().resolve("exports"));
    robot.interact(
        () -> app.extras().timelineView().setExportTarget((owner, name) -> folder.resolve(name)));
    robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
    app.waitFor(() -> text(robot, "#exportMessage").startsWith("Timeline saved to"));
    List<Path> files;
    try (var list = Files.list(folder)) {
      files = list.toList();
    }
    assertThat(files).singleElement();
    Path png = files.get(0);
    assertThat(png.getFileName().toString())
        .matches("onceteller-request-lost-\\d{4}-\\d\\d-\\d\\d-\\d{6}\\.png");
    assertThat(text(robot, "#exportMessage")).endsWith(png.toAbsolutePath().toString());
    BufferedImage img = ImageIO.read(png.toFile());
    var drawing = app.extras().timelineView().drawing();
    // the export is its own drawing (title, legend, captions), not a snapshot of the panel
    assertThat(img.getWidth()).isGreaterThanOrEqualTo(900);
    assertThat(img.getHeight()).isGreaterThan((int) drawing.height());
  }
}
