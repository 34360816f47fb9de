package com.onceteller.ledger;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the ledger lives and how it is made durable. The one place that builds an H2 URL: a bare
 * {@code jdbc:h2:file:} URL runs H2 on its defaults, which lose acknowledged commits and can tear a
 * transaction when the process is killed (see README, "Durability").
 */
public record DatabaseSettings(
    Kind kind, String jdbcUrl, String user, String password, String displayName) {

  /** The engines the service runs on. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  /**
   * H2 settings that matter for money, each for a reason:
   *
   * <ul>
   *   <li>{@code WRITE_DELAY=0}: a commit is written to the file when {@code commit()} returns, not
   *       by a background thread up to 500 ms later;
   *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: the app closes the store itself, after the pool;
   *   <li>{@code LOCK_TIMEOUT=2000}: a second attempt with a key in flight waits at most 2 s for
   *       the first one, then is told "in progress" instead of hanging the teller;
   *   <li>{@code FILE_LOCK=FILE}: a second app on the same file is refused (not corrupting it);
   *   <li>{@code IFEXISTS} is not set: the app decides itself when a new file may be created.
   * </ul>
   *
   * <p>An fsync after every commit ({@code CHECKPOINT SYNC}) is issued by {@link Database} so that
   * "Posted" also survives a power cut.
   */
  public static final String H2_SAFE_OPTIONS =
      ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=2000;FILE_LOCK=FILE";

  public DatabaseSettings {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
  }

  /**
   * An H2 file database. {@code file} is the database file ({@code ….mv.db}) or its base name; both
   * name the same database.
   */
  public static DatabaseSettings h2File(Path file) {
    String base = file.toAbsolutePath().normalize().toString();
    if (base.endsWith(".mv.db")) {
      base = base.substring(0, base.length() - ".mv.db".length());
    }
    return new DatabaseSettings(
        Kind.H2, "jdbc:h2:file:" + base + H2_SAFE_OPTIONS, "sa", "", base + ".mv.db");
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
