package com.onceteller.app;

import java.nio.file.Path;

/**
 * What the launcher decided before the window opens: which ledger to open, whether demonstration
 * mode (fault injection panel) is on, where logs go.
 *
 * @param databaseFile the H2 database file ({@code ….mv.db})
 * @param demoMode true shows the fault-injection panel and a "DEMO" badge
 * @param dataDirectory the user's OnceTeller data directory (settings, logs, default ledger)
 * @param logFile the rolling log file, shown in the About dialog
 * @param server the branch server this desk posts through ({@code --server}), or null for the
 *     embedded ledger {@code databaseFile}
 */
public record AppConfig(
    Path databaseFile,
    boolean demoMode,
    Path dataDirectory,
    Path logFile,
    AppContext.ServerSettings server) {

  /** A desk on its embedded ledger (no branch server). */
  public AppConfig(Path databaseFile, boolean demoMode, Path dataDirectory, Path logFile) {
    this(databaseFile, demoMode, dataDirectory, logFile, null);
  }
}
