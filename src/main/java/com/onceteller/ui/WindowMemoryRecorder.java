package com.onceteller.ui;

import com.onceteller.ui.main.MainView;
import com.onceteller.ui.main.WindowPlacement;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the window's bounds while it is not maximised, and saves them with the maximised flag and
 * the split when the window closes.
 */
final class WindowMemoryRecorder {

  private static final Logger log = LoggerFactory.getLogger(WindowMemoryRecorder.class);

  private WindowPlacement.Rect normal;

  private WindowMemoryRecorder() {}

  static void install(Stage stage, MainView main, WindowPlacement.Memory memory) {
    WindowMemoryRecorder r = new WindowMemoryRecorder();
    r.normal =
        new WindowPlacement.Rect(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
    Runnable follow =
        () -> {
          if (!stage.isMaximized() && !stage.isIconified() && stage.isShowing()) {
            r.normal =
                new WindowPlacement.Rect(
                    stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
          }
        };
    stage.xProperty().addListener((o, a, b) -> follow.run());
    stage.yProperty().addListener((o, a, b) -> follow.run());
    stage.widthProperty().addListener((o, a, b) -> follow.run());
    stage.heightProperty().addListener((o, a, b) -> follow.run());
    stage.addEventHandler(
        WindowEvent.WINDOW_HIDING,
        e -> {
          WindowPlacement.State s =
              new WindowPlacement.State(r.normal, stage.isMaximized(), main.divider());
          try {
            // At closing time, on purpose on this thread: the background pool is shutting down,
            // and the file is a few hundred bytes.
            memory.save(s);
          } catch (Exception ex) {
            log.warn("The window's placement could not be saved: {}", ex.toString());
          }
        });
  }
}
