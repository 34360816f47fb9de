package com.onceteller.crash;

import com.onceteller.TestLedger;
import com.onceteller.app.AppContext;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.ledger.LedgerReconciler;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.remote.BranchConnection;
import com.onceteller.desk.remote.HttpLedgerInquiry;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.SignOnResult;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.pg.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kills the branch while desks post through it: the server JVM ({@code onceteller serve}, a child
 * process, SIGKILL) and the PostgreSQL server under it (SIGKILL to the postmaster), alternately, at
 * seeded random moments, while 8 desks ({@link AppContext#connect}, each with its own desk store)
 * post transfers over HTTP with retries. After the last kill every desk starts again: its start-up
 * audit checks each acknowledged decision against the branch and its in-doubt items are resolved by
 * key. Then: acknowledged postings lost (0), keys or intents posted twice (0), in doubt left (0),
 * money per currency unchanged, the ledger reconciles.
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath com.onceteller.crash.BranchKillHarness --kills 20"
 * </pre>
 */
public final class BranchKillHarness {

  /** What a run found. */
  public record Result(
      long seed,
      int serverKills,
      int postgresKills,
      int acknowledged,
      int transfers,
      int lost,
      int duplicated,
      int inDoubtAfterKills,
      int inDoubtLeft,
      boolean moneyUnchanged,
      List<String> violations) {}

  private final long seed;
  private final int kills;
  private final int desks;
  private final Path dir;
  private final Random random;
  private final int pgPort;
  private final int serverPort;
  private EmbeddedPostgres pg;
  private Process server;

  public BranchKillHarness(long seed, int kills, int desks, Path dir) {
    this.seed = seed;
    this.kills = kills;
    this.desks = desks;
    this.dir = dir;
    this.random = new Random(seed);
    this.pgPort = freePort();
    this.serverPort = freePort();
  }

  public static void main(String[] args) throws Exception {
    long seed = System.currentTimeMillis();
    int kills = 20;
    int desks = 8;
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--kills" -> kills = Integer.parseInt(args[++i]);
        case "--desks" -> desks = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (dir == null) {
      dir = Files.createTempDirectory("branch-kill");
    }
    Result r = new BranchKillHarness(seed, kills, desks, dir).run();
    System.out.println(r);
    System.exit(r.violations().isEmpty() ? 0 : 1);
  }

  public Result run() throws Exception {
    System.out.println("BranchKillHarness seed " + seed + ", dir " + dir);
    Path pgData = dir.resolve("pgdata");
    startPostgres(pgData, true);
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("create database branch");
    }
    DatabaseSettings settings =
        DatabaseSettings.postgres(TestPostgres.url(pg, "branch"), "postgres", "");
    Map<String, Long> totalsBefore;
    try (Database db = Database.open(settings)) {
      DemoData.installIfEmpty(db);
      // Every desk's teller is a user of the ledger and signs on (HTTP Basic); no limits.
      TestLedger.prepare(db);
      for (int d = 0; d < desks; d++) {
        TestLedger.addTeller(db, teller(d));
      }
    }
    totalsBefore = totals(settings);
    startServer();

    AppContext.ClientSettings client =
        new AppContext.ClientSettings(
            Duration.ofSeconds(3),
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 25));
    Map<IdempotencyKey, String[]> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger inDoubt = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    List<AppContext> contexts = new ArrayList<>();
    for (int d = 0; d < desks; d++) {
      AppContext desk = signedOn(AppContext.connect(server(d), false, client), d);
      contexts.add(desk);
      String teller = teller(d);
      Random own = new Random(seed * 31 + d);
      Thread t =
          new Thread(() -> post(desk, teller, own, stop, acknowledged, inDoubt), "desk-" + d);
      t.start();
      threads.add(t);
    }

    int serverKills = 0;
    int postgresKills = 0;
    for (int k = 0; k < kills; k++) {
      // Each kill strikes while the desks are posting: first some acknowledgements since the last
      // restart, then a random moment.
      awaitProgress(acknowledged, acknowledged.size() + desks);
      Thread.sleep(random.nextInt(1_500));
      if (k % 2 == 0) {
        server.destroyForcibly().waitFor();
        serverKills++;
        System.out.println("kill " + (k + 1) + ": server JVM (SIGKILL)");
        Thread.sleep(random.nextInt(500));
        startServer();
      } else {
        long pid = postmasterPid(pgData);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        postgresKills++;
        System.out.println("kill " + (k + 1) + ": PostgreSQL postmaster " + pid + " (SIGKILL)");
        Thread.sleep(random.nextInt(500));
        startPostgres(pgData, false);
      }
    }
    Thread.sleep(1_500);
    stop.set(true);
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(3));
    }
    for (AppContext c : contexts) {
      c.close();
    }

    // Each desk starts again: audit of its acknowledgements, then its in-doubt items by key.
    int left = 0;
    List<String> violations = new ArrayList<>();
    for (int d = 0; d < desks; d++) {
      try (AppContext desk = signedOn(AppContext.connect(server(d), false, client), d)) {
        AppContext.StartUpReport report = desk.startUp();
        left += report.stillInDoubt();
        if (!report.audit().incidents().isEmpty()) {
          violations.add("desk-" + d + " audit incidents: " + report.audit().incidents());
        }
      }
    }

    int lost = 0;
    int duplicated;
    int transfers;
    Map<String, Long> totalsAfter = totals(settings);
    try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), "postgres", "")) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "select reference from transfer where teller_id = ? and idempotency_key = ?")) {
        for (Map.Entry<IdempotencyKey, String[]> a : acknowledged.entrySet()) {
          ps.setString(1, a.getValue()[0]);
          ps.setObject(2, a.getKey().value());
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getString(1).equals(a.getValue()[1])) {
              lost++;
              violations.add("acknowledged " + a.getKey() + " as " + a.getValue()[1] + " is lost");
            }
          }
        }
      }
      duplicated =
          count(
              c,
              "select count(*) from (select memo from transfer group by memo having count(*) > 1) d");
      transfers = count(c, "select count(*) from transfer");
      List<String> problems = LedgerReconciler.check(c);
      if (!problems.isEmpty()) {
        violations.add("ledger does not reconcile: " + problems);
      }
    }
    if (duplicated > 0) {
      violations.add(duplicated + " intents posted more than once");
    }
    if (left > 0) {
      violations.add(left + " still in doubt after the desks' restart");
    }
    if (!totalsAfter.equals(totalsBefore)) {
      violations.add("money changed: " + totalsBefore + " -> " + totalsAfter);
    }
    if (acknowledged.isEmpty()) {
      violations.add("nothing was acknowledged");
    }
    server.destroyForcibly().waitFor();
    pg.close();
    Result r =
        new Result(
            seed,
            serverKills,
            postgresKills,
            acknowledged.size(),
            transfers,
            lost,
            duplicated,
            inDoubt.get(),
            left,
            totalsAfter.equals(totalsBefore),
            violations);
    System.out.println(r);
    return r;
  }

  private void post(
      AppContext desk,
      String teller,
      Random random,
      AtomicBoolean stop,
      Map<IdempotencyKey, String[]> acknowledged,
      AtomicInteger inDoubt) {
    int n = 0;
    // EUR accounts that are open (5 is frozen, 7 is closed).
    int[] open = {0, 1, 2, 3, 4, 6};
    while (!stop.get()) {
      int from = open[random.nextInt(open.length)];
      int to = open[random.nextInt(open.length)];
      if (from == to) {
        continue;
      }
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest request =
          new TransferRequest(
              TestLedger.number(from),
              TestLedger.number(to),
              1 + random.nextInt(500),
              "EUR",
              teller + " #" + (++n));
      CompletableFuture<AttemptResult> done = new CompletableFuture<>();
      desk.newSubmission(
              key,
              request,
              new RetryingSubmission.Listener() {
                @Override
                public void finished(RetryingSubmission.Final state, AttemptResult last) {
                  done.complete(last);
                }
              })
          .start();
      try {
        AttemptResult last = done.get(3, TimeUnit.MINUTES);
        if (last instanceof AttemptResult.Answered a
            && a.outcome() instanceof TransferOutcome.Posted p) {
          acknowledged.put(key, new String[] {teller, p.reference()});
        } else if (last.retryable()) {
          inDoubt.incrementAndGet();
        }
      } catch (Exception e) {
        inDoubt.incrementAndGet();
      }
    }
  }

  private static void awaitProgress(Map<IdempotencyKey, String[]> acknowledged, int target)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (acknowledged.size() < target && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private AppContext.ServerSettings server(int desk) {
    return new AppContext.ServerSettings(
        URI.create("http://127.0.0.1:" + serverPort),
        null,
        teller(desk),
        dir.resolve("desk-" + desk + ".sqlite"));
  }

  private static String teller(int desk) {
    return "desk-" + desk;
  }

  /** The desk's teller signs on at the branch (its password is checked there), as the app does. */
  private static AppContext signedOn(AppContext desk, int d) {
    SignOnResult r =
        desk.identity()
            .signOn(teller(d), TestLedger.TELLER_PASSWORD.toCharArray(), "kill-desk-" + d);
    if (!(r instanceof SignOnResult.SignedOn s)) {
      desk.close();
      throw new IllegalStateException("sign-on of " + teller(d) + " refused: " + r);
    }
    desk.signedOn(s.actor());
    return desk;
  }

  private void startPostgres(Path data, boolean first) throws Exception {
    if (pg != null) {
      // Releases zonky's lock on the data directory; its "pg_ctl stop" of the dead server fails
      // and is only logged. The data directory is kept (clean data directory is off).
      pg.close();
    }
    IOException last = null;
    for (int tries = 0; tries < 20; tries++) {
      try {
        pg =
            TestPostgres.durable(EmbeddedPostgres.builder())
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(pgPort)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        return;
      } catch (IOException e) {
        // Backends of a killed postmaster may still hold its shared memory for a moment.
        last = e;
        Thread.sleep(500);
      }
    }
    throw last;
  }

  private void startServer() throws Exception {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-cp",
            KillHarness.childClasspath(),
            "com.onceteller.app.Launcher",
            "serve",
            "--db",
            "postgresql://postgres@127.0.0.1:" + pgPort + "/branch",
            "--insecure-http",
            "--port",
            String.valueOf(serverPort));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("XDG_DATA_HOME", dir.resolve("server-data").toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
    server = pb.start();
    BranchConnection probe =
        new BranchConnection(
            URI.create("http://127.0.0.1:" + serverPort),
            null,
            Duration.ofMillis(500),
            Duration.ofSeconds(2));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited; see " + dir.resolve("server.log"));
      }
      try {
        new HttpLedgerInquiry(probe).ledgerId();
        return;
      } catch (IllegalStateException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the server did not start; see " + dir.resolve("server.log"));
  }

  private static long postmasterPid(Path data) throws IOException {
    return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
  }

  private static Map<String, Long> totals(DatabaseSettings s) throws SQLException {
    Map<String, Long> totals = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(s.jdbcUrl(), "postgres", "");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("select currency, sum(balance_minor) from account group by currency")) {
      while (rs.next()) {
        totals.put(rs.getString(1), rs.getLong(2));
      }
    }
    return totals;
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
