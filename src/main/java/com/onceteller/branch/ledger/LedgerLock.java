package com.onceteller.branch.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operating-system lock on {@code <ledger>.app.lock}, held by one OnceTeller for as long as it
 * has the ledger open. H2's own lock file covers the time H2 has the file open; this one also
 * covers the moments when it does not (crash recovery, a compaction swapping the file), so no
 * second OnceTeller can open the ledger in between. The operating system releases it when the
 * process dies, so a kill never leaves it behind. The file itself stays (it is empty).
 */
final class LedgerLock {

  private static final Logger log = LoggerFactory.getLogger(LedgerLock.class);

  private final FileChannel channel;
  private final FileLock lock;

  private LedgerLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static Path lockFile(Path ledger) {
    return Path.of(DatabaseSettings.baseName(ledger) + ".app.lock");
  }

  static LedgerLock acquire(DatabaseSettings settings) {
    Path file = lockFile(settings.h2File());
    FileChannel ch;
    try {
      ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new DatabaseOpenException(
          DatabaseOpenException.Reason.NOT_ACCESSIBLE,
          "OnceTeller cannot create its lock file next to the ledger ("
              + file
              + "): "
              + e.getClass().getSimpleName()
              + ". Check that the folder is writable by this user.",
          e);
    }
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      lock = null;
    }
    if (lock == null) {
      closeQuietly(ch);
      throw DatabaseErrors.inUse(settings, null);
    }
    return new LedgerLock(ch, lock);
  }

  void release() {
    try {
      lock.release();
    } catch (IOException e) {
      log.debug("Releasing the ledger lock: {}", e.toString());
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      log.debug("Closing the ledger lock file: {}", e.toString());
    }
  }
}
