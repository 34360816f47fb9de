package com.onceteller.branch.ledger;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the ledger lives and how it is made durable. The one place that builds an H2 URL and holds
 * every durability and disk-use setting: a bare {@code jdbc:h2:file:} URL runs H2 on its defaults,
 * which lose acknowledged commits and can tear a transaction when the process is killed (see
 * docs/durability.md).
 *
 * @param syncEachCommit whether {@link Database#durabilityBarrier} forces the store to the device
 *     after each commit (H2). True for the app; false only to measure what the fsync costs.
 * @param compactEveryCommits H2: every this many barriers, rewrite sparsely filled chunks so the
 *     file stops growing ({@link #H2_COMPACT_EVERY_COMMITS}); 0 = never (benchmarks only).
 */
public record DatabaseSettings(
    Kind kind,
    String jdbcUrl,
    String user,
    String password,
    String displayName,
    boolean syncEachCommit,
    int compactEveryCommits) {

  /** The engines the service runs on. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  /**
   * How long H2 keeps a chunk that no longer holds live data before its space may be reused: H2's
   * own default, 45 s, kept on purpose. A 2 s retention cut the file at full speed from 378 MB to
   * 80 MB, but the 50-kill test then lost one acknowledged transfer (seed 20251128, kill 46), while
   * 45 s passed every kill run; correctness first. With WRITE_DELAY=0 the file holds about one
   * retention period of commits (negligible at a teller's pace) and {@link
   * #H2_COMPACT_EVERY_COMMITS} stops the rest of the growth (docs/durability.md).
   */
  public static final int H2_RETENTION_MILLIS = 45_000;

  /**
   * With WRITE_DELAY=0, H2 runs no background thread, so it never compacts the file while open:
   * chunks that still hold a few live pages are never rewritten and the file grows without bound
   * (measured: docs/durability.md). {@link Database#durabilityBarrier} therefore asks the store
   * every this many commits to rewrite chunks filled below {@link #H2_COMPACT_TARGET_FILL_RATE}.
   */
  public static final int H2_COMPACT_EVERY_COMMITS = 200;

  /** Chunks less full than this (percent live data) are rewritten by the periodic compaction. */
  public static final int H2_COMPACT_TARGET_FILL_RATE = 80;

  /** At most this many bytes are rewritten by one periodic compaction (keeps the pause short). */
  public static final int H2_COMPACT_WRITE_BYTES = 2 * 1024 * 1024;

  /** How long closing the database may spend compacting the file (H2 default 200 ms). */
  public static final int H2_MAX_COMPACT_MILLIS = 2_000;

  /**
   * H2 settings that matter for money, each for a reason:
   *
   * <ul>
   *   <li>{@code WRITE_DELAY=0}: a commit is written to the file when {@code commit()} returns, not
   *       by a background thread up to 500 ms later;
   *   <li>{@code RETENTION_TIME}: see {@link #H2_RETENTION_MILLIS};
   *   <li>{@code MAX_COMPACT_TIME}: see {@link #H2_MAX_COMPACT_MILLIS};
   *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: the app closes the store itself, after the pool;
   *   <li>{@code LOCK_TIMEOUT=2000}: a second attempt with a key in flight waits at most 2 s for
   *       the first one, then is told "in progress" instead of hanging the teller;
   *   <li>{@code FILE_LOCK=FILE}: a second app on the same file is refused (not corrupting it);
   *   <li>{@code IFEXISTS} is not set: the app decides itself when a new file may be created.
   * </ul>
   *
   * <p>An fsync after every commit ({@code CHECKPOINT SYNC}: H2 writes what is pending, then {@code
   * FileChannel.force(true)}) is issued by {@link Database} so that "Posted" also survives a power
   * cut.
   */
  public static final String H2_SAFE_OPTIONS =
      ";WRITE_DELAY=0"
          + ";RETENTION_TIME="
          + H2_RETENTION_MILLIS
          + ";MAX_COMPACT_TIME="
          + H2_MAX_COMPACT_MILLIS
          + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=2000;FILE_LOCK=FILE";

  public DatabaseSettings {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
  }

  /** Settings that sync after each commit (the only kind the app uses). */
  public DatabaseSettings(
      Kind kind, String jdbcUrl, String user, String password, String displayName) {
    this(kind, jdbcUrl, user, password, displayName, true, H2_COMPACT_EVERY_COMMITS);
  }

  /**
   * An H2 file database. {@code file} is the database file ({@code ….mv.db}) or its base name; both
   * name the same database.
   */
  public static DatabaseSettings h2File(Path file) {
    return h2File(file, H2_SAFE_OPTIONS, true, H2_COMPACT_EVERY_COMMITS);
  }

  /**
   * An H2 file database with other URL options: for benchmarks that measure what each safe setting
   * costs. The app never calls this.
   */
  public static DatabaseSettings h2File(
      Path file, String urlOptions, boolean syncEachCommit, int compactEveryCommits) {
    String base = baseName(file);
    return new DatabaseSettings(
        Kind.H2,
        "jdbc:h2:file:" + base + urlOptions,
        "sa",
        "",
        base + ".mv.db",
        syncEachCommit,
        compactEveryCommits);
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
