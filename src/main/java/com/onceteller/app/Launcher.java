package com.onceteller.app;

import javafx.application.Application;

/**
 * Entry point. Deliberately not a JavaFX {@code Application} subclass, so that a plain classpath
 * (and a jpackage launcher) can start it without module-path tricks.
 */
public final class Launcher {

  private Launcher() {}

  public static void main(String[] args) {
    Application.launch(OnceTellerApp.class, args);
  }
}
