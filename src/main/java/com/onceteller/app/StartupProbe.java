package com.onceteller.app;

import com.onceteller.branch.ledger.DemoUsers;
import java.util.Locale;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;

/**
 * Start-up marks for measuring a cold start from outside (issue 13; {@code bench.AppImageColdStart}
 * and the installer's CDS training run). Inert unless the environment variable {@value #ENV} (or
 * the property {@code onceteller.startupProbe}) is set; then it prints one line per mark on
 * standard output, {@value #MARK} followed by the mark and the milliseconds since {@code main}:
 *
 * <ul>
 *   <li>{@code first-frame}: the first pulse laid out with the window showing;
 *   <li>{@code interactive}: the first pulse in which the sign-on screen's user id field is
 *       visible, enabled, editable and the focus owner (typing goes into it);
 *   <li>{@code ledger-open}: the ledger finished opening (sign-on can be checked);
 *   <li>{@code form}: (mode {@code train} only) the transfer form is shown after signing on as the
 *       demo teller.
 * </ul>
 *
 * <p>Modes: {@code print} only prints; {@code exit} closes the app normally (its own close path)
 * once interactive and the ledger is open; {@code train} signs on as the demo teller first and
 * closes once the transfer form shows (the installer's training run for the class-data archive).
 */
final class StartupProbe {

  static final String ENV = "ONCETELLER_STARTUP_PROBE";
  static final String MARK = "ONCETELLER_STARTUP";

  /** When {@code main} was entered (set by the launcher). */
  static volatile long mainEntered = System.nanoTime();

  private static final String MODE = mode();
  private static boolean framed;
  private static boolean interactive;
  private static boolean ledgerOpen;
  private static boolean signingOn;
  private static boolean signOnFired;
  private static boolean formShown;

  private StartupProbe() {}

  private static String mode() {
    String m = System.getProperty("onceteller.startupProbe");
    if (m == null || m.isBlank()) {
      m = System.getenv(ENV);
    }
    return m == null || m.isBlank() ? null : m.strip().toLowerCase(Locale.ROOT);
  }

  static boolean active() {
    return MODE != null;
  }

  /** Watches every scene {@code stage} gets (call on the FX thread, before it shows). */
  static void watch(Stage stage) {
    if (!active()) {
      return;
    }
    stage.sceneProperty().addListener((o, a, s) -> watchScene(stage, s));
    watchScene(stage, stage.getScene());
  }

  /** The ledger is open (any thread). */
  static void ledgerOpen() {
    if (!active()) {
      return;
    }
    Platform.runLater(
        () -> {
          if (!ledgerOpen) {
            ledgerOpen = true;
            mark("ledger-open");
            next();
          }
        });
  }

  private static void watchScene(Stage stage, Scene scene) {
    if (scene == null) {
      return;
    }
    scene.addPostLayoutPulseListener(() -> pulse(stage, scene));
  }

  private static void pulse(Stage stage, Scene scene) {
    if (!stage.isShowing() || stage.getScene() != scene) {
      return;
    }
    if (!framed) {
      framed = true;
      mark("first-frame");
    }
    if (!interactive) {
      Node field = scene.lookup("#userIdField");
      if (field instanceof TextInputControl text
          && field.isVisible()
          && !field.isDisabled()
          && text.isEditable()
          && scene.getFocusOwner() == field) {
        interactive = true;
        mark("interactive");
        next();
      }
    }
    if (signingOn && !signOnFired) {
      signOnFired = signOnAsDemoTeller(scene);
    }
    if (signingOn && !formShown) {
      Node from = scene.lookup("#fromField");
      if (from != null && from.isVisible()) {
        formShown = true;
        mark("form");
        Platform.runLater(Platform::exit);
      }
    }
  }

  private static void next() {
    if (!interactive || !ledgerOpen) {
      return;
    }
    if ("exit".equals(MODE)) {
      Platform.runLater(Platform::exit);
    } else if ("train".equals(MODE)) {
      signingOn = true; // on the next pulses, once the sign-on button is enabled
    }
  }

  /** Fills in the demo teller and presses Sign on; false while the button is disabled. */
  private static boolean signOnAsDemoTeller(Scene scene) {
    Node button = scene.lookup("#signOnButton");
    if (!(button instanceof ButtonBase b) || b.isDisabled()) {
      return false;
    }
    DemoUsers.DemoUser teller = DemoUsers.USERS.get(0);
    ((TextInputControl) scene.lookup("#userIdField")).setText(teller.userId());
    ((TextInputControl) scene.lookup("#passwordField")).setText(teller.password());
    b.fire();
    return true;
  }

  private static void mark(String what) {
    System.out.printf(
        Locale.ROOT, "%s %s %.1f%n", MARK, what, (System.nanoTime() - mainEntered) / 1e6);
    System.out.flush();
  }
}
