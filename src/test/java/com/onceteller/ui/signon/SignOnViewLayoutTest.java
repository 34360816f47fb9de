package com.onceteller.ui.signon;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.domain.SignOnResult;
import com.onceteller.ui.Styles;
import com.onceteller.ui.TaskRunner;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The sign-on card as the window shows it while the ledger opens: whatever the line about the
 * opening says, and when it hides, the fields stay where the teller is pointing. (The kill test's
 * robot typed the password into the user id field when a long "Recovering …" line turned into a
 * short one between its clicks.)
 */
class SignOnViewLayoutTest {

  private final FxRobot robot = new FxRobot();
  private SignOnViewModel vm;
  private Stage stage;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void hide() {
    if (stage != null) {
      robot.interact(stage::hide);
    }
  }

  private void show() throws Exception {
    vm =
        new SignOnViewModel(
            new StubPort((userId, password) -> new SignOnResult.Refused("not in this test")),
            TaskRunner.direct(),
            List.of("anna   anna-teller-1    Teller"),
            s -> {});
    robot.interact(
        () -> {
          SignOnView view = new SignOnView(vm);
          StackPane pane = new StackPane(view.root()); // centred, as DeskFlow shows it
          Scene scene = new Scene(pane, 1024, 700);
          scene
              .getStylesheets()
              .add(SignOnView.class.getResource(Styles.STYLESHEET).toExternalForm());
          stage = new Stage();
          stage.setScene(scene);
          vm.ledgerOpening("Opening the ledger ledger.mv.db …");
          stage.show();
        });
    WaitForAsyncUtils.waitForFxEvents();
  }

  private Bounds onScreen(String id) throws Exception {
    Node n = robot.lookup(id).query();
    return WaitForAsyncUtils.asyncFx(() -> n.localToScreen(n.getBoundsInLocal()))
        .get(10, TimeUnit.SECONDS);
  }

  private void status(Runnable change) {
    robot.interact(change);
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void theFieldsDoNotMoveWhileTheOpeningLineChangesOrHides() throws Exception {
    show();
    Bounds user = onScreen("#userIdField");
    Bounds password = onScreen("#passwordField");
    Bounds button = onScreen("#signOnButton");

    status(
        () ->
            vm.ledgerOpening(
                "Recovering ledger.mv.db (4.3 MB) after an unclean stop: keeping every committed"
                    + " transfer, undoing what was not committed … 3 s"));
    assertThat(onScreen("#userIdField")).isEqualTo(user);
    assertThat(onScreen("#passwordField")).isEqualTo(password);

    status(() -> vm.ledgerOpening("Opening the ledger ledger.mv.db (recovered in 6203 ms) … 8 s"));
    assertThat(onScreen("#passwordField")).isEqualTo(password);

    status(() -> vm.ledgerOpened(List.of("anna   anna-teller-1    Teller")));
    assertThat(robot.lookup("#openingLabel").query().isVisible()).isFalse();
    assertThat(onScreen("#userIdField")).isEqualTo(user);
    assertThat(onScreen("#passwordField")).isEqualTo(password);
    assertThat(onScreen("#signOnButton")).isEqualTo(button);
  }
}
