package com.onceteller.branch.ledger;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the ledger lives and how it is made durable. The one place that builds an H2 URL and holds
 * every durability and disk-use setting: a bare {@code jdbc:h2:file:} URL runs H2 on its defaults,
 * which lose acknowledged commits and can tear a transaction when the process is killed, and H2's
 * default of reusing freed space inside the file loses synced commits after a crash (see
 * docs/durability.md, "Invisible chunks").
 *
 * @param syncEachCommit whether {@link Database#durabilityBarrier} forces the store to the device
 *     after each commit (H2). True for the app; false only to measure what the fsync costs.
 * @param compactionFloorBytes H2: the file is compacted (copied, verified and swapped, see {@link
 *     StoreCompactor}) once it has grown by this many bytes and doubled since it was last compact;
 *     0 = never (benchmarks that measure raw posting cost only).
 */
public record DatabaseSettings(
    Kind kind,
    String jdbcUrl,
    String user,
    String password,
    String displayName,
    boolean syncEachCommit,
    long compactionFloorBytes) {

  /** The engines the service runs on. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  /**
   * How much an H2 ledger may grow past its compact size (and at least double) before it is
   * compacted: 64 MB, about 2,000 postings (each appends about 32 KB of chunks; the live data of
   * one posting is about 0.5 KB). Override with {@code -Donceteller.h2.compactionFloorBytes=N} (the
   * kill test uses a small floor to compact often).
   */
  public static final long H2_COMPACTION_FLOOR_BYTES = 64L << 20;

  /**
   * H2 settings that matter for money, each for a reason:
   *
   * <ul>
   *   <li>{@code REUSE_SPACE=FALSE}: every chunk is appended at the end of the file, where H2's
   *       crash recovery looks first. With space reuse on, H2 2.5.252 writes the store header
   *       naming the previous chunk when a new chunk goes into a reused gap, so after a crash the
   *       newest synced commits are invisible (docs/durability.md). Space is reclaimed by {@link
   *       StoreCompactor} instead, which never rewrites the live file;
   *   <li>{@code MAX_COMPACT_TIME=0}: H2 never rewrites chunks in place when it closes (in-place
   *       compaction is what reuses space, and h2database issue 4247 loses data in it);
   *   <li>{@code WRITE_DELAY=0}: a commit is written to the file when {@code commit()} returns, not
   *       by a background thread up to 500 ms later;
   *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2 never closes the store by itself at JVM exit; nor when
   *       the pool's last connection closes, because {@link Database} keeps one connection open for
   *       the store's lifetime. H2's own close is a clean close, whose header write can lose synced
   *       commits in a power cut; the app closes it with a sync and {@code SHUTDOWN IMMEDIATELY}.
   *       ({@code DB_CLOSE_DELAY=-1} would do the same but is stored in the file, and then keeps
   *       read-only checks of the file open after them.)
   *   <li>{@code LOCK_TIMEOUT=2000}: a second attempt with a key in flight waits at most 2 s for
   *       the first one, then is told "in progress" instead of hanging the teller;
   *   <li>{@code FILE_LOCK=FILE}: a second app on the same file is refused (not corrupting it);
   *   <li>{@code IFEXISTS} is not set: the app decides itself when a new file may be created;
   *   <li>{@code QUERY_CACHE_SIZE=64} (speed, not safety): each connection keeps its 64 most recent
   *       parsed statements instead of H2's default 8. A posting runs about a dozen distinct
   *       statements and Hibernate prepares each one anew, so with 8 every statement was parsed
   *       again on every posting. Not stored in the file.
   * </ul>
   *
   * <p>An fsync after every commit ({@code CHECKPOINT SYNC}: H2 writes what is pending, then {@code
   * FileChannel.force(true)}) is issued by {@link Database} so that "Posted" also survives a power
   * cut.
   */
  public static final String H2_SAFE_OPTIONS =
      ";REUSE_SPACE=FALSE;MAX_COMPACT_TIME=0;WRITE_DELAY=0"
          + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=2000;FILE_LOCK=FILE;QUERY_CACHE_SIZE=64";

  public DatabaseSettings {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
  }

  /** Settings that sync after each commit (the only kind the app uses). */
  public DatabaseSettings(
      Kind kind, String jdbcUrl, String user, String password, String displayName) {
    this(kind, jdbcUrl, user, password, displayName, true, configuredFloor());
  }

  private static long configuredFloor() {
    return Long.getLong("onceteller.h2.compactionFloorBytes", H2_COMPACTION_FLOOR_BYTES);
  }

  /**
   * An H2 file database. {@code file} is the database file ({@code ….mv.db}) or its base name; both
   * name the same database.
   */
  public static DatabaseSettings h2File(Path file) {
    return h2File(file, H2_SAFE_OPTIONS, true, configuredFloor());
  }

  /**
   * An H2 file database with other URL options: for benchmarks and for the tests that show what
   * each safe setting prevents. The app never calls this.
   */
  public static DatabaseSettings h2File(
      Path file, String urlOptions, boolean syncEachCommit, long compactionFloorBytes) {
    String base = baseName(file);
    // H2's pluggable file systems: "file" (the disk) unless a wrapper is named, such as the
    // power-cut simulation of the durability tests.
    String fileSystem = System.getProperty("onceteller.h2.fileSystem", "file");
    return new DatabaseSettings(
        Kind.H2,
        "jdbc:h2:" + fileSystem + ":" + base + urlOptions,
        "sa",
        "",
        base + ".mv.db",
        syncEachCommit,
        compactionFloorBytes);
  }

  /** The database file's name without {@code .mv.db}, as H2 URLs want it. */
  static String baseName(Path file) {
    String base = file.toAbsolutePath().normalize().toString();
    if (base.endsWith(".mv.db")) {
      base = base.substring(0, base.length() - ".mv.db".length());
    }
    return base;
  }

  /** A PostgreSQL database shared by several tellers (synchronous_commit must stay on). */
  public static DatabaseSettings postgres(String jdbcUrl, String user, String password) {
    return new DatabaseSettings(Kind.POSTGRESQL, jdbcUrl, user, password, jdbcUrl);
  }

  /** The H2 database file on disk, or null for a server database. */
  public Path h2File() {
    return kind == Kind.H2 ? Path.of(displayName) : null;
  }
}
