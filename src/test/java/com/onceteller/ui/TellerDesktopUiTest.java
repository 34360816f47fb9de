package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.ui.main.MainViewModel;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TextField;
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
 * The real teller window on a real H2 ledger, driven by keyboard and mouse under Monocle. Built
 * from {@link UiFixture} rather than {@link DesktopFixture}: one test holds an attempt at a gate
 * inside the transport (no sleeping), which the app's composition root has no seam for.
 */
@ExtendWith(ApplicationExtension.class)
class TellerDesktopUiTest {

  @TempDir static Path dir;
  private UiFixture fx;
  private TellerDesktop desktop;

  @Start
  void start(Stage stage) throws Exception {
    fx = UiFixture.standard(dir.resolve("t" + System.nanoTime()));
    desktop =
        new TellerDesktop(
            fx.services,
            new TaskRunner(fx.background, FxUiThread.INSTANCE),
            new MainViewModel(
                fx.ledger.file.toString(),
                true,
                new MainViewModel.About("test", fx.ledger.file.toString(), "-", "-")),
            null);
    desktop
        .form()
        .stateProperty()
        .addListener(
            (o, a, b) ->
                System.out.println(
                    "STATE " + a + " -> " + b + " " + desktop.form().headlineProperty().get()));
    desktop.attach(stage);
    stage.show();
    desktop.start();
  }

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  private void fillByKeyboard(FxRobot robot, String from, String to, String amount) {
    robot.clickOn("#fromField").write(from);
    waitFor(() -> desktop.form().from().chosen() != null);
    robot.clickOn("#toField").write(to);
    waitFor(() -> desktop.form().to().chosen() != null);
    robot.clickOn("#amountField").write(amount);
  }

  private void waitFor(java.util.concurrent.Callable<Boolean> condition) {
    try {
      WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    } catch (java.util.concurrent.TimeoutException e) {
      var f = desktop.form();
      throw new AssertionError(
          "condition not met in time; form "
              + f.state()
              + " / "
              + f.headlineProperty().get()
              + " / "
              + f.detailProperty().get()
              + " / sends "
              + fx.transport.sends.get(),
          e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  private FormState state() {
    return desktop.form().state();
  }

  @Test
  void theUiStaysResponsiveWhileAServiceCallIsInFlight(FxRobot robot) {
    fillByKeyboard(robot, "Hartmann", "Weber", "3");
    fx.transport.close(); // the service holds the attempt
    robot.type(KeyCode.ENTER);
    waitFor(() -> fx.transport.sends.get() == 1);
    assertThat(state()).isIn(FormState.SENDING, FormState.RETRY_WAIT);
    // another control reacts while the submit is in flight
    robot.clickOn("#journalSearch").write("T-0");
    assertThat(robot.lookup("#journalSearch").queryAs(TextField.class).getText()).isEqualTo("T-0");
    assertThat(state()).isIn(FormState.SENDING, FormState.RETRY_WAIT, FormState.IN_DOUBT);
    assertThat(fx.ledger.queries.countTransfers()).isZero();
    fx.transport.open();
    waitFor(() -> state().decided());
    assertThat(state()).isIn(FormState.POSTED, FormState.ALREADY_POSTED);
    assertThat(fx.ledger.queries.countTransfers()).isEqualTo(1);
  }
}
