package com.onceteller.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where OnceTeller keeps its files for the current user: the default (demo) ledger, settings, logs
 * and backups. Computed from the operating system, the environment and the home directory, all
 * injectable so that each platform's rule can be tested on any machine.
 *
 * <ul>
 *   <li>Linux and other Unix: {@code $XDG_DATA_HOME/onceteller}, or {@code
 *       ~/.local/share/onceteller} when {@code XDG_DATA_HOME} is unset, empty or relative (the XDG
 *       specification says to ignore a relative value);
 *   <li>Windows: {@code %APPDATA%\OnceTeller}, or {@code <home>\AppData\Roaming\OnceTeller} when
 *       {@code APPDATA} is unset;
 *   <li>macOS: {@code ~/Library/Application Support/OnceTeller}.
 * </ul>
 *
 * <p>{@code ONCETELLER_DATA_DIR}, when set, overrides all of these (used by CI and for portable
 * installs).
 */
public record AppPaths(Path dataDirectory) {

  /** Environment variable that overrides the per-OS data directory. */
  public static final String DATA_DIR_VARIABLE = "ONCETELLER_DATA_DIR";

  /** File name of the ledger created on first run with the demo data set. */
  public static final String DEMO_DATABASE_FILE = "demo-ledger.mv.db";

  public AppPaths {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    dataDirectory = dataDirectory.toAbsolutePath().normalize();
  }

  /** The data directory of the user running this JVM. */
  public static AppPaths forCurrentUser() {
    return forPlatform(
        System.getProperty("os.name", ""),
        System.getenv(),
        Path.of(System.getProperty("user.home")));
  }

  /**
   * The data directory for a given platform.
   *
   * @param osName the {@code os.name} system property, e.g. "Linux", "Windows 11", "Mac OS X"
   * @param env the environment variables
   * @param home the user's home directory
   */
  public static AppPaths forPlatform(String osName, Map<String, String> env, Path home) {
    String override = env.get(DATA_DIR_VARIABLE);
    if (override != null && !override.isBlank()) {
      return new AppPaths(Path.of(override));
    }
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      String appData = env.get("APPDATA");
      Path base =
          appData != null && !appData.isBlank()
              ? Path.of(appData)
              : home.resolve("AppData").resolve("Roaming");
      return new AppPaths(base.resolve("OnceTeller"));
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return new AppPaths(
          home.resolve("Library").resolve("Application Support").resolve("OnceTeller"));
    }
    String xdg = env.get("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : home.resolve(".local").resolve("share");
    return new AppPaths(base.resolve("onceteller"));
  }

  /** The ledger opened when no {@code --db} is given; created with the demo data on first run. */
  public Path demoDatabase() {
    return dataDirectory.resolve(DEMO_DATABASE_FILE);
  }

  /** The settings file ({@link AppSettings}). */
  public Path settingsFile() {
    return dataDirectory.resolve("settings.properties");
  }

  /** Folder of the rolling log files. */
  public Path logDirectory() {
    return dataDirectory.resolve("logs");
  }

  /** The current log file; older ones are rolled into the same folder. */
  public Path logFile() {
    return logDirectory().resolve("onceteller.log");
  }

  /** Where {@code --reset-demo} moves a replaced ledger. Nothing is ever deleted. */
  public Path backupDirectory() {
    return dataDirectory.resolve("backups");
  }
}
