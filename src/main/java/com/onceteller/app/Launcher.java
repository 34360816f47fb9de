package com.onceteller.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point. Deliberately not a JavaFX {@code Application} subclass, so that a plain classpath
 * (and a jpackage launcher) can start it without module-path tricks.
 */
public final class Launcher {

  private Launcher() {}

  public static void main(String[] args) {
    Path dataDir = Path.of(System.getProperty("user.home"), ".local", "share", "onceteller");
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    OnceTellerApp.launchWith(
        new AppConfig(
            dataDir.resolve("demo-ledger.mv.db"),
            true,
            dataDir,
            dataDir.resolve("onceteller.log")));
  }
}
