package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.ui.main.WindowPlacement;
import java.nio.file.Path;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window on the screens tellers have: the send, retry and stop buttons and the timeline lie
 * inside the window — not cut off by its edge, nor scrolled out of sight in their column.
 */
@ExtendWith(ApplicationExtension.class)
class WindowFitsUiTest {

  @TempDir Path dir;
  private Stage stage;
  private DesktopFixture app;

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

  private void open(FxRobot robot, WindowPlacement.Rect screen) {
    robot.interact(
        () -> app = DesktopFixture.start(stage, dir, DesktopFixture.Options.standard().on(screen)));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(stage.getScene().getWidth()).isEqualTo(screen.width());
  }

  /** Where {@code node} is seen: inside the scene and inside every scroll pane around it. */
  private static void assertShown(FxRobot robot, String query) {
    Node node = robot.lookup(query).query();
    assertThat(node.isVisible()).as(query + " visible").isTrue();
    Bounds b = node.localToScene(node.getLayoutBounds());
    var scene = node.getScene();
    assertThat(b.getMinX()).as(query + " left").isGreaterThanOrEqualTo(0);
    assertThat(b.getMinY()).as(query + " top").isGreaterThanOrEqualTo(0);
    assertThat(b.getMaxX()).as(query + " right").isLessThanOrEqualTo(scene.getWidth());
    assertThat(b.getMaxY()).as(query + " bottom").isLessThanOrEqualTo(scene.getHeight());
    for (Parent p = node.getParent(); p != null; p = p.getParent()) {
      if (p instanceof ScrollPane sp) {
        Node viewport = sp.lookup(".viewport");
        Bounds v = viewport.localToScene(viewport.getLayoutBounds());
        assertThat(
                v.contains(b.getMinX(), b.getMinY())
                    && v.contains(b.getMaxX() - 1, b.getMaxY() - 1))
            .as(query + " is not scrolled out of its column: " + b + " in " + v)
            .isTrue();
      }
    }
  }

  private void assertTheControlsAndTimelineFit(FxRobot robot) {
    // the form column is never wider than its place: no sideways scrolling in it
    var left = robot.lookup("#leftScroll").queryAs(ScrollPane.class);
    assertThat(robot.lookup("#leftColumn").queryAs(javafx.scene.layout.Region.class).minWidth(-1))
        .as("the form column's narrowest width fits its place")
        .isLessThanOrEqualTo(left.getViewportBounds().getWidth());
    for (String q : new String[] {"#submitButton", "#retryNowButton", "#stopButton"}) {
      assertShown(robot, q);
    }
    robot.interact(() -> app.desktop.mainView().selectTab("timelineTab"));
    assertShown(robot, "#timelineTitle");
    assertShown(robot, "#timelineScroll");
    Node timeline = robot.lookup("#timelineScroll").query();
    assertThat(timeline.getLayoutBounds().getWidth()).as("timeline width").isGreaterThan(400);
    assertThat(timeline.getLayoutBounds().getHeight()).as("timeline height").isGreaterThan(250);
  }

  @Test
  void at1024x768SendRetryStopAndTheTimelineAreInsideTheWindow(FxRobot robot) {
    open(robot, DesktopFixture.SCREEN_1024);
    assertTheControlsAndTimelineFit(robot);
  }

  @Test
  void at1366x768SendRetryStopAndTheTimelineAreInsideTheWindow(FxRobot robot) {
    open(robot, DesktopFixture.SCREEN_1366);
    assertTheControlsAndTimelineFit(robot);
    // the empty timeline's drawing needs no sideways scrolling
    var canvas = robot.lookup("#timelineCanvas").queryAs(javafx.scene.canvas.Canvas.class);
    var viewport = robot.lookup("#timelineScroll").queryAs(ScrollPane.class).getViewportBounds();
    assertThat(canvas.getWidth()).isLessThanOrEqualTo(viewport.getWidth());
  }

  @Test
  void at1920x1080TheFieldsKeepAReadableWidthAndTheTimelineTakesTheRoom(FxRobot robot) {
    open(robot, DesktopFixture.SCREEN_1920);
    assertTheControlsAndTimelineFit(robot);
    assertThat(robot.lookup("#fromField").queryAs(javafx.scene.control.TextField.class).getWidth())
        .isLessThan(600);
    assertThat(robot.lookup("#timelineCanvas").queryAs(javafx.scene.canvas.Canvas.class).getWidth())
        .isGreaterThan(1000);
  }

  @Test
  void closingTheWindowRemembersItsPlaceMaximisedFlagAndSplit(FxRobot robot) {
    java.util.concurrent.atomic.AtomicReference<WindowPlacement.State> saved =
        new java.util.concurrent.atomic.AtomicReference<>();
    var memory =
        new WindowPlacement.Memory() {
          @Override
          public java.util.Optional<WindowPlacement.State> load() {
            return java.util.Optional.of(
                new WindowPlacement.State(
                    new WindowPlacement.Rect(10, 20, 1100, 700), false, 0.42));
          }

          @Override
          public void save(WindowPlacement.State s) {
            saved.set(s);
          }
        };
    robot.interact(
        () ->
            app =
                DesktopFixture.start(
                    stage,
                    dir,
                    DesktopFixture.Options.standard()
                        .on(DesktopFixture.SCREEN_1366)
                        .remembering(memory)));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(stage.getWidth()).isEqualTo(1100);
    assertThat(app.desktop.mainView().divider()).isCloseTo(0.42, Offset.offset(0.01));
    robot.interact(
        () -> {
          app.desktop.mainView().setDivider(0.45);
          stage.close();
        });
    assertThat(saved.get().bounds()).isEqualTo(new WindowPlacement.Rect(10, 20, 1100, 700));
    assertThat(saved.get().maximized()).isFalse();
    assertThat(saved.get().divider()).isCloseTo(0.45, Offset.offset(0.01));
  }
}
