package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Application;
import javafx.scene.control.DialogPane;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starting the real application class on a ledger that cannot be opened. */
class OnceTellerAppStartTest {

  @TempDir Path dir;
  private Application app;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void cleanup() throws Exception {
    OnceTellerApp.afterRefusal = javafx.application.Platform::exit;
    if (app != null) {
      FxToolkit.cleanupApplication(app);
    }
  }

  @Test
  void aLedgerAlreadyOpenIsExplainedInADialogNotAStackTrace() throws Exception {
    Path file = dir.resolve("ledger.mv.db");
    try (AppContext firstInstance =
        AppContext.open(file, false, AppContext.ClientSettings.DEFAULT)) {
      AtomicBoolean closedAfterReading = new AtomicBoolean();
      OnceTellerApp.afterRefusal = () -> closedAfterReading.set(true);
      OnceTellerApp.config = new AppConfig(file, false, dir, dir.resolve("onceteller.log"));

      app = FxToolkit.setupApplication(OnceTellerApp::new);

      FxRobot robot = new FxRobot();
      WaitForAsyncUtils.waitFor(
          60, TimeUnit.SECONDS, () -> robot.lookup("#openFailedDialog").tryQuery().isPresent());
      DialogPane pane = robot.lookup("#openFailedDialog").queryAs(DialogPane.class);
      assertThat(pane.getContentText()).contains("OnceTeller is already open on this database");
      assertThat(pane.getContentText()).doesNotContain("Exception");

      robot.interact(
          () ->
              ((javafx.scene.control.Button) pane.lookupButton(javafx.scene.control.ButtonType.OK))
                  .fire());
      WaitForAsyncUtils.waitForFxEvents();
      assertThat(closedAfterReading).isTrue();
      assertThat(firstInstance.queries().accounts())
          .isNotEmpty(); // the first instance is unaffected
      for (Window w : Window.getWindows().toArray(Window[]::new)) {
        robot.interact(w::hide);
      }
    }
  }
}
