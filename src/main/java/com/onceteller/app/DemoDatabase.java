package com.onceteller.app;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseOpenException;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.DemoData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the demo ledger on first run and recreates it on {@code --reset-demo}. A replaced ledger
 * is moved into the backup folder under a timestamped name; no ledger file is ever deleted.
 */
public final class DemoDatabase {

  private static final Logger log = LoggerFactory.getLogger(DemoDatabase.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final String MV_DB = ".mv.db";

  private DemoDatabase() {}

  /**
   * Creates {@code file} with the demo data set if it does not exist yet (creating its folder).
   *
   * @return true if it was created now
   */
  public static boolean ensureExists(Path file) {
    if (Files.exists(file)) {
      return false;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the folder of " + file, e);
    }
    create(file);
    log.info("First run: created the demo ledger {}", file);
    return true;
  }

  /**
   * Moves {@code file} (and its H2 trace file, if any) into {@code backupDirectory} as {@code
   * <name>-yyyyMMdd-HHmmss.mv.db}, then creates a new ledger with the demo data at {@code file}.
   *
   * @return where the old ledger now is; empty when there was none
   * @throws DatabaseOpenException with reason {@code IN_USE} when OnceTeller has the ledger open
   *     (nothing is moved then)
   */
  public static Optional<Path> reset(Path file, Path backupDirectory, Clock clock) {
    Optional<Path> backup = Optional.empty();
    if (Files.exists(file)) {
      refuseIfInUse(file);
      backup = Optional.of(moveAside(file, backupDirectory, clock));
    }
    ensureExists(file);
    return backup;
  }

  private static void refuseIfInUse(Path file) {
    try (Database db = Database.open(DatabaseSettings.h2File(file))) {
      log.debug("{} is not in use", db.settings().displayName());
    } catch (DatabaseOpenException e) {
      if (e.reason() == DatabaseOpenException.Reason.IN_USE) {
        throw e;
      }
      // Corrupt, newer schema, …: exactly what a reset is for. The file is moved, not changed.
      log.info("Resetting a ledger that does not open ({}): {}", e.reason(), e.getMessage());
    }
  }

  private static Path moveAside(Path file, Path backupDirectory, Clock clock) {
    String name = file.getFileName().toString();
    String base = name.endsWith(MV_DB) ? name.substring(0, name.length() - MV_DB.length()) : name;
    String stamp = LocalDateTime.now(clock).format(STAMP);
    try {
      Files.createDirectories(backupDirectory);
      Path target = backupDirectory.resolve(base + "-" + stamp + MV_DB);
      for (int n = 2; Files.exists(target); n++) {
        target = backupDirectory.resolve(base + "-" + stamp + "-" + n + MV_DB);
      }
      Files.move(file, target);
      String targetBase =
          target
              .getFileName()
              .toString()
              .substring(0, target.getFileName().toString().length() - MV_DB.length());
      // The desk's records belong to that ledger: they move with it.
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Path desk = file.resolveSibling(base + ".desk.sqlite" + suffix);
        if (Files.exists(desk)) {
          Files.move(desk, target.resolveSibling(targetBase + ".desk.sqlite" + suffix));
        }
      }
      Path trace = file.resolveSibling(base + ".trace.db");
      if (Files.exists(trace)) {
        String targetName = target.getFileName().toString();
        Files.move(
            trace,
            target.resolveSibling(
                targetName.substring(0, targetName.length() - MV_DB.length()) + ".trace.db"));
      }
      log.info("Moved the old ledger {} to {}", file, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move " + file + " to " + backupDirectory, e);
    }
  }

  private static void create(Path file) {
    try (Database db = Database.open(DatabaseSettings.h2File(file))) {
      DemoData.installIfEmpty(db);
    }
  }
}
