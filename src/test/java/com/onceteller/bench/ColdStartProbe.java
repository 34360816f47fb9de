package com.onceteller.bench;

import com.onceteller.app.Launcher;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Window;

/**
 * The child JVM of case 6b: runs the real {@link Launcher#main} (logging, command line, first-run
 * demo ledger in {@code ONCETELLER_DATA_DIR}, {@code OnceTellerApp}) and, from outside the app,
 * watches for the first pulse after the window is shown in which the transfer form's first field is
 * visible, enabled and the scene's focus owner. Then it prints one line and halts the JVM (the
 * temporary data directory is deleted by the parent).
 *
 * <p>Printed line: {@value #MARK} followed by {@code main->shown} and {@code main->frame} in
 * milliseconds, measured inside this JVM from the entry of {@code main}; the parent adds the time
 * before {@code main} (process start, JVM boot, class loading of the entry point).
 */
public final class ColdStartProbe {

  static final String MARK = "FIRST_INTERACTIVE_FRAME";

  /** With {@code -Dcoldstart.exit=true} the probe exits normally instead of halting. */
  static final String EXIT_PROPERTY = "coldstart.exit";

  private static long mainEntered;
  private static long shown;

  private ColdStartProbe() {}

  public static void main(String[] args) {
    mainEntered = System.nanoTime();
    // Window.getWindows() is a static list; its listener runs on the FX thread when the stage
    // shows. Registering it needs no running toolkit.
    Window.getWindows()
        .addListener(
            (ListChangeListener<Window>)
                change -> {
                  while (change.next()) {
                    for (Window w : change.getAddedSubList()) {
                      watch(w);
                    }
                  }
                });
    Launcher.main(args);
  }

  private static void watch(Window window) {
    if (shown == 0) {
      shown = System.nanoTime();
    }
    // The app first shows an "opening" scene, then swaps in the desktop once the ledger is open:
    // watch every scene the window gets.
    window.sceneProperty().addListener((o, a, s) -> watchScene(window, s));
    watchScene(window, window.getScene());
  }

  private static void watchScene(Window window, Scene scene) {
    if (scene == null) {
      return;
    }
    scene.addPostLayoutPulseListener(
        () -> {
          Node field = scene.lookup("#userIdField");
          if (window.isShowing()
              && field != null
              && field.isVisible()
              && !field.isDisabled()
              && field.isFocusTraversable()
              && scene.getFocusOwner() == field) {
            long frame = System.nanoTime();
            System.out.printf(
                Locale.ROOT,
                "%s main->shown %.1f main->frame %.1f%n",
                MARK,
                (shown - mainEntered) / 1e6,
                (frame - mainEntered) / 1e6);
            System.out.flush();
            if (Boolean.getBoolean(EXIT_PROPERTY)) {
              System.exit(0); // runs the shutdown hooks, so a JFR recording is written
            }
            Runtime.getRuntime().halt(0);
          }
        });
  }
}
