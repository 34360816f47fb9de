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
 */
public record AppConfig(Path databaseFile, boolean demoMode, Path dataDirectory, Path logFile) {}
