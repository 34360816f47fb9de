package com.onceteller.ui;

import com.onceteller.app.AppConfig;
import com.onceteller.app.AppContext;
import com.onceteller.app.DeskFlow;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.http.BranchFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A teller window on a branch (HTTPS, the branch's pinned certificate) at its sign-on screen, as
 * the launcher's {@code --server} shows it: the desk's context and flow for TestFX tests.
 */
record BranchDeskWindow(AppContext context, DeskFlow flow) {

  static final AppContext.ClientSettings FAST =
      new AppContext.ClientSettings(
          Duration.ofSeconds(5), new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 8));

  /** Shows {@code user}'s sign-on screen on {@code stage}; the desk store lives in {@code dir}. */
  static BranchDeskWindow open(
      Stage stage, BranchFixture branch, Path dir, String user, ExecutorService background) {
    AppContext.ServerSettings settings =
        new AppContext.ServerSettings(
            branch.base(), branch.tls.certificate(), user, dir.resolve(user + ".sqlite"));
    AppContext context = AppContext.connect(settings, false, FAST);
    DeskFlow flow =
        new DeskFlow(
            stage,
            context,
            new AppConfig(dir.resolve(user + ".mv.db"), false, dir, dir.resolve("log"), settings),
            new TaskRunner(background, FxUiThread.INSTANCE),
            List.of(),
            Clock.systemUTC(),
            "desk-" + user);
    flow.showSignOn();
    stage.show();
    return new BranchDeskWindow(context, flow);
  }

  /** Waits (up to a minute) for {@code condition}, then for the FX events it caused. */
  static void waitFor(Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Waits until the label or text area {@code id} shows and its text contains {@code part}. */
  static void waitForText(org.testfx.api.FxRobot robot, String id, String part) throws Exception {
    waitFor(
        () ->
            robot.lookup(id).tryQuery().isPresent()
                && text(robot, id) != null
                && text(robot, id).contains(part));
  }

  /** The text of the label or text area {@code id}, or null for any other node. */
  static String text(org.testfx.api.FxRobot robot, String id) {
    Object n = robot.lookup(id).query();
    if (n instanceof javafx.scene.control.Label l) {
      return l.getText();
    }
    if (n instanceof javafx.scene.control.TextArea t) {
      return t.getText();
    }
    return null;
  }
}
