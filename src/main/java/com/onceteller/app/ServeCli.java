package com.onceteller.app;

import com.onceteller.branch.http.BranchServer;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.ledger.DemoUsers;
import com.onceteller.branch.service.ReplayCompactor;
import com.onceteller.branch.service.ServiceObserver;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code onceteller serve}: the branch server, from the same build as the desktop.
 *
 * <pre>
 * onceteller serve --db postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE
 *                  [--keystore FILE] [--host ADDRESS] [--port N] [--demo-data] [--insecure-http]
 * </pre>
 *
 * Passwords may also come from the environment ({@code PGPASSWORD}, {@code
 * ONCETELLER_KEYSTORE_PASSWORD}) so they stay out of the process list. Runs until stopped
 * (SIGTERM/Ctrl+C closes the HTTP server, then the pool).
 */
final class ServeCli {

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: OnceTeller serve --db postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE [options]",
          "",
          "  --db URL               the branch ledger: postgresql://… (or jdbc:postgresql://…)",
          "  --keystore FILE        PKCS#12 keystore with the server's TLS key and certificate",
          "                         (password: --keystore-password or ONCETELLER_KEYSTORE_PASSWORD)",
          "  --host ADDRESS         address to listen on (default 0.0.0.0; 127.0.0.1 without TLS)",
          "  --port N               port (default 8443)",
          "  --insecure-http        plain HTTP, loopback only (tests, behind the fault proxy)",
          "  --demo-data            install the demo accounts into an empty ledger, and the demo",
          "                         users (public passwords) into a ledger without users",
          "  --retention-days N     stored request text kept N days (default 7; keys: forever)",
          "  --create-admin USER    create the first administrator of a ledger that has none, then",
          "                         serve; the password comes from ONCETELLER_ADMIN_PASSWORD or,",
          "                         if that is not set, the first line of standard input",
          "  --admin-name NAME      the first administrator's display name (default: USER)",
          "",
          "The database must run with synchronous_commit=on and fsync=on, or the server refuses"
              + " to start.");

  private ServeCli() {}

  /** What {@code serve} was asked to do. */
  record Options(
      DatabaseSettings database,
      BranchServer.Config server,
      boolean demoData,
      boolean help,
      String createAdmin,
      String adminName) {
    Options(DatabaseSettings database, BranchServer.Config server, boolean demoData, boolean help) {
      this(database, server, demoData, help, null, null);
    }
  }

  static Options parse(List<String> args) throws AppOptions.UsageException {
    String db = null;
    String keystore = null;
    String keystorePassword = System.getenv("ONCETELLER_KEYSTORE_PASSWORD");
    String host = null;
    int port = 8443;
    boolean insecure = false;
    boolean demo = false;
    String createAdmin = null;
    String adminName = null;
    long retentionDays = ReplayCompactor.DEFAULT_RETENTION.toDays();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--help", "-h" -> {
          return new Options(null, null, false, true);
        }
        case "--db" -> db = value(args, ++i, a);
        case "--keystore" -> keystore = value(args, ++i, a);
        case "--keystore-password" -> keystorePassword = value(args, ++i, a);
        case "--host" -> host = value(args, ++i, a);
        case "--port" -> port = number(value(args, ++i, a), a);
        case "--retention-days" -> retentionDays = number(value(args, ++i, a), a);
        case "--insecure-http" -> insecure = true;
        case "--demo-data" -> demo = true;
        case "--create-admin" -> createAdmin = value(args, ++i, a);
        case "--admin-name" -> adminName = value(args, ++i, a);
        default ->
            throw new AppOptions.UsageException(
                "serve: unknown option '" + a + "'. Run 'serve --help'.");
      }
    }
    if (db == null) {
      throw new AppOptions.UsageException("serve needs --db postgresql://…");
    }
    if (keystore == null && !insecure) {
      throw new AppOptions.UsageException(
          "serve needs --keystore FILE for TLS (or --insecure-http on loopback for tests).");
    }
    if (keystore != null && insecure) {
      throw new AppOptions.UsageException("--keystore and --insecure-http contradict each other.");
    }
    if (keystore != null && keystorePassword == null) {
      throw new AppOptions.UsageException(
          "The keystore password is missing: --keystore-password or ONCETELLER_KEYSTORE_PASSWORD.");
    }
    if (host == null) {
      host = insecure ? "127.0.0.1" : "0.0.0.0";
    }
    try {
      return new Options(
          database(db),
          new BranchServer.Config(
              host,
              port,
              keystore == null ? null : Path.of(keystore),
              keystorePassword,
              Duration.ofDays(retentionDays)),
          demo,
          false,
          createAdmin,
          adminName);
    } catch (IllegalArgumentException e) {
      throw new AppOptions.UsageException("serve: " + e.getMessage());
    }
  }

  /**
   * The ledger named by {@code --db}: {@code postgresql://user:password@host:port/db?…} (libpq's
   * form, as psql takes it) or a JDBC URL; the password may come from {@code PGPASSWORD}.
   */
  static DatabaseSettings database(String url) throws AppOptions.UsageException {
    String envPassword = System.getenv("PGPASSWORD");
    if (url.startsWith("jdbc:postgresql:")) {
      return DatabaseSettings.postgres(
          url, System.getenv().getOrDefault("PGUSER", "postgres"), envPassword);
    }
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new AppOptions.UsageException(
          "--db must be a PostgreSQL URL, postgresql://USER@HOST:PORT/DATABASE (got '"
              + url
              + "').");
    }
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new AppOptions.UsageException("--db: '" + url + "' is not a valid URL.");
    }
    if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2) {
      throw new AppOptions.UsageException("--db needs a host and a database: " + url);
    }
    String user = "postgres";
    String password = envPassword;
    if (u.getRawUserInfo() != null) {
      String[] parts = u.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      if (parts.length > 1) {
        password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
      }
    }
    String jdbc =
        "jdbc:postgresql://"
            + u.getHost()
            + (u.getPort() > 0 ? ":" + u.getPort() : "")
            + u.getRawPath()
            + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    return DatabaseSettings.postgres(jdbc, user, password);
  }

  private static String value(List<String> args, int i, String option)
      throws AppOptions.UsageException {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new AppOptions.UsageException(option + " needs a value.");
    }
    return args.get(i);
  }

  private static int number(String v, String option) throws AppOptions.UsageException {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new AppOptions.UsageException(option + " needs a number, not '" + v + "'.");
    }
  }

  /**
   * The first administrator of a ledger without one ({@code --create-admin USER}): on the server's
   * own machine, by whoever may start the server against the database, never over the network. The
   * password comes from {@code ONCETELLER_ADMIN_PASSWORD} or the first line of {@code in}, so it is
   * not in the process list. Refused once the ledger has an administrator.
   *
   * @return 0 when created, else the exit code
   */
  static int createFirstAdministrator(
      Database db, Options o, java.io.InputStream in, PrintStream out, PrintStream err) {
    String env = System.getenv("ONCETELLER_ADMIN_PASSWORD");
    char[] password;
    if (env != null) {
      password = env.toCharArray();
    } else {
      try {
        java.io.BufferedReader r =
            new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        String line = r.readLine();
        password = line == null ? new char[0] : line.toCharArray();
      } catch (java.io.IOException e) {
        err.println("OnceTeller: the administrator's password could not be read: " + e);
        return Launcher.USAGE_ERROR;
      }
    }
    try {
      var identity =
          new com.onceteller.branch.service.IdentityService(db, java.time.Clock.systemUTC());
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
      var made =
          identity.createFirstAdministrator(
              o.createAdmin(),
              o.adminName() == null ? o.createAdmin() : o.adminName(),
              password,
              "serve --create-admin on " + host);
      // The sign-on recorded with the creation ends here: the administrator signs on at a desk.
      identity.signOff(made.actor(), "created by serve --create-admin");
      out.println(
          "First administrator " + made.actor().userId() + " created in ledger " + db.ledgerId());
      return 0;
    } catch (com.onceteller.domain.ServiceRefusal e) {
      err.println("OnceTeller: --create-admin refused: " + e.getMessage());
      return Launcher.USAGE_ERROR;
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
  }

  /** Runs the server until the JVM is asked to stop. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = parse(args);
    } catch (AppOptions.UsageException e) {
      err.println("OnceTeller: " + e.getMessage());
      return Launcher.USAGE_ERROR;
    }
    if (o.help()) {
      out.println(USAGE);
      return 0;
    }
    Database db = Database.open(o.database());
    if (o.demoData()) {
      DemoData.installIfEmpty(db);
      // Tellers sign on with a user of the ledger: a demonstration branch gets the demo users.
      DemoUsers.installIfNoUsers(db);
    }
    if (o.createAdmin() != null) {
      int made = createFirstAdministrator(db, o, System.in, out, err);
      if (made != 0) {
        db.close();
        return made;
      }
    }
    BranchServer server;
    try {
      server = BranchServer.start(db, o.server(), ServiceObserver.NONE);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  db.close();
                  stopped.countDown();
                },
                "serve-shutdown"));
    out.println(
        "OnceTeller branch server on "
            + (o.server().keystore() == null ? "http" : "https")
            + "://"
            + o.server().host()
            + ":"
            + server.port()
            + " — ledger "
            + db.ledgerId()
            + " on "
            + o.database().displayName());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
