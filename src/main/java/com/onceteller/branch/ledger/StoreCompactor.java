package com.onceteller.branch.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims the space of an H2 ledger without ever rewriting the live file: the live data is copied
 * into a new file ({@link MVStore#compact(String, String, boolean, org.h2.mvstore.FileStore)}, what
 * H2's own SHUTDOWN COMPACT uses), the copy is forced to the device, its {@link LedgerDigest} must
 * equal the original's, and only then is it renamed over the original (atomic) and the folder
 * synced. A crash at any point leaves either the original or the complete, verified copy; a
 * leftover copy is deleted at the next open. Runs only on a closed store.
 *
 * <p>Why copy: the ledger runs with {@code REUSE_SPACE=FALSE} (see {@link DatabaseSettings}), so H2
 * itself never gives space back, and H2's in-place compaction is where it loses data (docs).
 */
public final class StoreCompactor {

  private static final Logger log = LoggerFactory.getLogger(StoreCompactor.class);

  /** What a compaction did. */
  public record Result(
      boolean swapped, long bytesBefore, long bytesAfter, long millis, String why) {}

  private StoreCompactor() {}

  /** The copy being built next to {@code ledger}; deleted at every open if it is still there. */
  static Path workFile(Path ledger) {
    return Path.of(DatabaseSettings.baseName(ledger) + ".compacting.mv.db");
  }

  /** Deletes a copy left by a compaction that did not finish (it was never the ledger). */
  static void deleteLeftover(Path ledger) throws IOException {
    if (Files.deleteIfExists(workFile(ledger))) {
      log.warn("Deleted an unfinished compaction copy of {}", ledger);
    }
  }

  /**
   * Compacts the closed H2 file {@code ledger}. Keeps the original (and says why) when the copy
   * differs from it in any row or schema object.
   */
  public static Result compact(Path ledger, String user, String password)
      throws IOException, SQLException {
    long started = System.nanoTime();
    Path copy = workFile(ledger);
    long before = Files.size(ledger);
    Files.deleteIfExists(copy);
    MVStore.compact(ledger.toString(), copy.toString(), false, null);
    force(copy);
    LedgerDigest original = digest(ledger, user, password);
    LedgerDigest compacted = digest(copy, user, password);
    String difference = original.firstDifference(compacted);
    if (difference != null) {
      Files.deleteIfExists(copy);
      log.error(
          "The compacted copy of {} differs from the ledger ({}); the ledger was kept as it is",
          ledger,
          difference);
      return new Result(false, before, before, millisSince(started), difference);
    }
    long after = Files.size(copy);
    Files.move(copy, ledger, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceFolder(ledger.toAbsolutePath().getParent());
    Result r = new Result(true, before, after, millisSince(started), "compacted");
    log.info(
        "Compacted {}: {} -> {} bytes in {} ms (copied, verified, swapped)",
        ledger,
        before,
        after,
        r.millis());
    return r;
  }

  private static LedgerDigest digest(Path file, String user, String password) throws SQLException {
    String url =
        "jdbc:h2:file:"
            + DatabaseSettings.baseName(file)
            + ";ACCESS_MODE_DATA=r;FILE_LOCK=NO;IFEXISTS=TRUE";
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      return LedgerDigest.of(c);
    }
  }

  static void force(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Makes a rename durable (POSIX); a platform that cannot open folders is left as it is. */
  static void forceFolder(Path folder) {
    if (folder == null) {
      return;
    }
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("Cannot sync folder {}: {}", folder, e.toString());
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
