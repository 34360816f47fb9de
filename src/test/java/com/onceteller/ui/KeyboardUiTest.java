package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.ui.main.MainViewModel;
import com.onceteller.ui.transfer.FormState;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
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

/** Keyboard-first, as docs/ui.md promises: mnemonics, focus on errors, F1, Esc. */
@ExtendWith(ApplicationExtension.class)
class KeyboardUiTest {

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

  private Node focused(FxRobot robot) {
    return robot.targetWindow(app.stage).lookup("#mainRoot").query().getScene().getFocusOwner();
  }

  private void alt(FxRobot robot, KeyCode key) {
    robot.press(KeyCode.ALT, key).release(key, KeyCode.ALT);
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void altFTAAndMJumpToFromToAmountAndMemoFromAnywhere(FxRobot robot) {
    robot.clickOn("#journalSearch");
    alt(robot, KeyCode.M);
    assertThat(focused(robot).getId()).isEqualTo("memoField");
    alt(robot, KeyCode.A);
    assertThat(focused(robot).getId()).isEqualTo("amountField");
    alt(robot, KeyCode.T);
    assertThat(focused(robot).getId())
        .as("Alt+T is the To field, not the menu")
        .isEqualTo("toField");
    alt(robot, KeyCode.F);
    assertThat(focused(robot).getId()).isEqualTo("fromField");
  }

  @Test
  void anInvalidAmountPutsTheFocusOnTheAmountNotWhereTheTellerWas(FxRobot robot) {
    robot.clickOn("#fromField").write("Hartmann");
    app.waitFor(() -> app.desktop.form().from().chosen() != null);
    robot.clickOn("#toField").write("Weber");
    app.waitFor(() -> app.desktop.form().to().chosen() != null);
    robot.clickOn("#amountField").write("12,3,4");
    robot.clickOn("#memoField").write("Rent").type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(app.desktop.form().state()).isEqualTo(FormState.DRAFT);
    assertThat(focused(robot).getId()).isEqualTo("amountField");
    assertThat(robot.lookup("#statusDetail").queryAs(Label.class).getText()).startsWith("Not sent");
  }

  @Test
  void aFixedProblemLeavesTheStatusAsSoonAsItIsFixed(FxRobot robot) {
    robot.clickOn("#fromField").write("Hartmann");
    app.waitFor(() -> app.desktop.form().from().chosen() != null);
    robot.type(KeyCode.ENTER); // no receiving account yet
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#statusDetail").queryAs(Label.class).getText())
        .contains("Choose the receiving account");
    assertThat(focused(robot).getId()).isEqualTo("toField");
    robot.write("Weber");
    app.waitFor(() -> app.desktop.form().to().chosen() != null);
    robot.clickOn("#amountField").write("5");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#statusDetail").queryAs(Label.class).getText())
        .doesNotContain("Not sent")
        .doesNotContain("receiving account");
  }

  @Test
  void f1ListsEveryShortcutOnItsOwnLine(FxRobot robot) {
    robot.type(KeyCode.F1);
    WaitForAsyncUtils.waitForFxEvents();
    DialogPane pane = robot.lookup("#keysDialog").queryAs(DialogPane.class);
    var rows = robot.from(pane).lookup(".shortcut-keys").queryAllAs(Label.class);
    assertThat(rows).hasSize(MainViewModel.SHORTCUTS.size());
    for (Label keys : rows) {
      // laid out at its full width: nothing cut to "…"
      assertThat(keys.getWidth()).as(keys.getText()).isGreaterThanOrEqualTo(keys.prefWidth(-1) - 1);
    }
    assertThat(rows).extracting(Label::getText).contains("Alt+F", "Esc", "Ctrl+R", "F1");
    robot.type(KeyCode.ESCAPE);
  }

  @Test
  void menuLabelsCarryNoKeysInTheirTextTheAcceleratorsShowThem(FxRobot robot) {
    MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
    for (Menu m : bar.getMenus()) {
      for (MenuItem i : m.getItems()) {
        if (i.getText() != null) {
          assertThat(i.getText()).doesNotContain("(Esc)", "(Ctrl");
        }
      }
    }
    MenuItem stop = bar.getMenus().get(0).getItems().get(2);
    assertThat(stop.getAccelerator().getName()).isEqualTo("Esc");
  }
}
