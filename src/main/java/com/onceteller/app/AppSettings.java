package com.onceteller.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's settings, a small properties file in the data directory ({@link
 * AppPaths#settingsFile()}). Today it holds one choice per ledger: whether demonstration mode (the
 * fault injection panel) is on. Without a saved choice, demo mode is on for the demo ledger and off
 * for every other ledger, so that a production ledger never shows fault injection by default.
 *
 * <p>Every {@code set…} writes the file at once (to a temporary file, then moved over the old one),
 * so a crash never leaves half a settings file. Thread-safe; the UI may call it from the FX thread
 * (the file is a few hundred bytes).
 */
public final class AppSettings {

  private static final Logger log = LoggerFactory.getLogger(AppSettings.class);
  private static final String DEMO_MODE_PREFIX = "demoMode.";
  private static final String WINDOW_KEY = "window.placement";

  private final Path file;
  private final Path demoDatabase;
  private final Properties properties = new Properties();

  private AppSettings(Path file, Path demoDatabase) {
    this.file = file;
    this.demoDatabase = normalize(demoDatabase);
  }

  /** Loads the settings of these paths; a missing file means "all defaults". */
  public static AppSettings load(AppPaths paths) {
    return load(paths.settingsFile(), paths.demoDatabase());
  }

  /**
   * Loads settings from {@code file}. A file that cannot be read is logged and treated as empty
   * (defaults), never fatal: the teller can still work.
   *
   * @param demoDatabase the ledger whose demo mode defaults to on
   */
  public static AppSettings load(Path file, Path demoDatabase) {
    AppSettings settings = new AppSettings(file, demoDatabase);
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        settings.properties.load(in);
      } catch (IOException | IllegalArgumentException e) {
        log.warn("Settings file {} could not be read, using defaults: {}", file, e.toString());
        settings.properties.clear();
      }
    }
    return settings;
  }

  /** A plain setting of the file (e.g. {@code server.url}), if present and not blank. */
  public synchronized Optional<String> value(String key) {
    String v = properties.getProperty(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /** The properties file. */
  public Path file() {
    return file;
  }

  /** True for the ledger created with the demo data in the data directory. */
  public boolean isDemoDatabase(Path database) {
    return normalize(database).equals(demoDatabase);
  }

  /** Demo mode for this ledger: the saved choice, else on for the demo ledger, off otherwise. */
  public synchronized boolean demoMode(Path database) {
    return savedDemoMode(database).orElse(isDemoDatabase(database));
  }

  /** The saved choice for this ledger, empty when the user never switched it. */
  public synchronized Optional<Boolean> savedDemoMode(Path database) {
    String value = properties.getProperty(demoModeKey(database));
    return value == null ? Optional.empty() : Optional.of(Boolean.parseBoolean(value.trim()));
  }

  /**
   * Saves the demo mode choice for this ledger and writes the file.
   *
   * @throws UncheckedIOException if the file cannot be written (the choice is then not kept)
   */
  public synchronized void setDemoMode(Path database, boolean on) {
    String key = demoModeKey(database);
    String previous = properties.getProperty(key);
    properties.setProperty(key, Boolean.toString(on));
    try {
      save();
    } catch (UncheckedIOException e) {
      if (previous == null) {
        properties.remove(key);
      } else {
        properties.setProperty(key, previous);
      }
      throw e;
    }
    log.info("Demo mode {} for {}", on ? "on" : "off", normalize(database));
  }

  /** The main window's placement as {@code WindowPlacement.State#encode} wrote it, if saved. */
  public synchronized Optional<String> windowPlacement() {
    return Optional.ofNullable(properties.getProperty(WINDOW_KEY));
  }

  /** Saves the main window's placement and writes the file. */
  public synchronized void setWindowPlacement(String encoded) {
    properties.setProperty(WINDOW_KEY, encoded);
    save();
  }

  /** Forgets the saved choice for this ledger (back to the default) and writes the file. */
  public synchronized void clearDemoMode(Path database) {
    if (properties.remove(demoModeKey(database)) != null) {
      save();
    }
  }

  private void save() {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        properties.store(out, "OnceTeller settings");
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write settings file " + file, e);
    }
  }

  private static String demoModeKey(Path database) {
    return DEMO_MODE_PREFIX + normalize(database);
  }

  private static Path normalize(Path database) {
    return database.toAbsolutePath().normalize();
  }
}
