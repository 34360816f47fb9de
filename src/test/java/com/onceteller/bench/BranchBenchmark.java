package com.onceteller.bench;

import com.onceteller.TestLedger;
import com.onceteller.branch.http.BranchServer;
import com.onceteller.branch.ledger.Account;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.remote.BranchConnection;
import com.onceteller.desk.remote.HttpTransport;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.AccountStatus;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.pg.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The branch server's figures (issue 12): 1, 8 and 32 desks posting concurrently over loopback HTTP
 * against PostgreSQL with synchronous_commit=on and fsync=on, each desk sending its next transfer
 * when the last one is answered; and, on the same PostgreSQL server, the floor: pgbench's
 * TPC-B-like transaction at scale 1 with the same numbers of clients. Not a test: it asserts
 * nothing; it prints one table and writes it to {@code target/bench/branch.md}.
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath com.onceteller.bench.BranchBenchmark --seconds 20"
 * </pre>
 */
public final class BranchBenchmark {

  private static final int ACCOUNTS = 200;

  public static void main(String[] args) throws Exception {
    int seconds = 20;
    int[] desks = {1, 8, 32};
    boolean statements = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--statements" -> statements = true;
        case "--desks" ->
            desks = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path out = Path.of("target", "bench");
    Files.createDirectories(out);
    Path data = Files.createTempDirectory("branch-bench-pg");
    List<String> rows = new ArrayList<>();
    EmbeddedPostgres.Builder builder =
        TestPostgres.durable(EmbeddedPostgres.builder()).setDataDirectory(data);
    if (statements) {
      // What PostgreSQL itself spends per statement (diagnosis; it costs a little CPU itself).
      builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
      builder.setServerConfig("pg_stat_statements.track", "all");
    }
    try (EmbeddedPostgres pg = builder.start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement st = c.createStatement()) {
        st.execute("create database bench");
        st.execute("create database pgb");
      }
      DatabaseSettings settings =
          DatabaseSettings.postgres(TestPostgres.url(pg, "bench"), "postgres", "");
      try (Database db = Database.open(settings)) {
        List<String> accounts = accounts(db);
        // Tellers sign on (HTTP Basic); no limits, so every posting is one decision.
        TestLedger.prepare(db);
        for (int d = 0; d < 64; d++) {
          TestLedger.addTeller(db, "bench-" + d);
        }
        try (BranchServer server =
            BranchServer.start(
                db,
                new BranchServer.Config("127.0.0.1", 0, null, null, Duration.ofDays(7)),
                ServiceObserver.NONE)) {
          URI base = URI.create("http://127.0.0.1:" + server.port());
          // Warm-up: JIT, pool, plans, and every teller the cases post as checked once (an
          // Argon2id check of tens of ms per teller, which a desk pays at sign-on, not per
          // posting).
          run(base, accounts, Arrays.stream(desks).max().orElse(1), 3);
          if (statements) {
            resetStatements(db);
          }
          for (int n : desks) {
            Result r = run(base, accounts, n, seconds);
            rows.add(r.row("OnceTeller over HTTP, " + n + (n == 1 ? " desk" : " desks")));
            System.out.println(rows.get(rows.size() - 1));
          }
          if (statements) {
            printStatements(db, rows);
          }
        }
      }
      String pgbench = pgbench();
      if (pgbench != null) {
        exec(
            List.of(
                pgbench,
                "-i",
                "-s",
                "1",
                "-q",
                "-h",
                "localhost",
                "-p",
                "" + pg.getPort(),
                "-U",
                "postgres",
                "pgb"),
            null);
        for (int n : desks) {
          Result r = pgbench(pgbench, pg.getPort(), n, seconds, data);
          rows.add(r.row("pgbench TPC-B-like, scale 1, " + n + (n == 1 ? " client" : " clients")));
          System.out.println(rows.get(rows.size() - 1));
        }
      } else {
        rows.add("| pgbench not found | | | | | | |");
      }
      String settingsLine;
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement st = c.createStatement();
          var rs =
              st.executeQuery(
                  "select version(), current_setting('synchronous_commit'),"
                      + " current_setting('fsync'), current_setting('wal_sync_method')")) {
        rs.next();
        settingsLine =
            rs.getString(1).replaceAll(" on x86.*", "")
                + ", synchronous_commit="
                + rs.getString(2)
                + ", fsync="
                + rs.getString(3)
                + ", wal_sync_method="
                + rs.getString(4);
      }
      StringBuilder md = new StringBuilder();
      md.append("Branch benchmark, ").append(Instant.now()).append('\n');
      md.append(settingsLine)
          .append("; ")
          .append(seconds)
          .append(" s per case; load average ")
          .append(Files.readString(Path.of("/proc/loadavg")).trim())
          .append("\n\n");
      md.append(
          "| case | transfers/s | p50 ms | p99 ms | operations | machine CPU busy | machine CPU"
              + " ms per transfer |\n");
      md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
      rows.forEach(r -> md.append(r).append('\n'));
      Files.writeString(out.resolve("branch.md"), md);
      System.out.println(md);
    }
  }

  private static void resetStatements(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute("create extension if not exists pg_stat_statements");
      st.execute("select pg_stat_statements_reset()");
    }
  }

  /**
   * The statements PostgreSQL ran for the timed cases, by total execution time, with their calls
   * per transfer posted ({@code rows}' operations).
   */
  private static void printStatements(Database db, List<String> rows) throws SQLException {
    long transfers = 0;
    for (String r : rows) {
      String[] cells = r.split("\\|");
      transfers += Long.parseLong(cells[5].trim());
    }
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "select calls, total_exec_time, total_plan_time, rows,"
                    + " regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements"
                    + " order by total_exec_time desc limit 25")) {
      System.out.printf(
          Locale.ROOT,
          "PostgreSQL statements over %,d transfers (pg_stat_statements):%n",
          transfers);
      System.out.println("| calls per transfer | exec ms per call | total exec s | statement |");
      System.out.println("| --- | --- | --- | --- |");
      while (rs.next()) {
        String q = rs.getString(5);
        System.out.printf(
            Locale.ROOT,
            "| %.2f | %.3f | %.2f | %s |%n",
            rs.getLong(1) / (double) Math.max(1, transfers),
            rs.getDouble(2) / Math.max(1, rs.getLong(1)),
            rs.getDouble(2) / 1000,
            q.length() > 140 ? q.substring(0, 140) + "…" : q);
      }
      c.rollback();
    }
  }

  /** One case's result, with the whole machine's CPU while it ran. */
  record Result(int operations, double seconds, long[] latenciesMicros, Cpu cpu) {
    String row(String name) {
      Arrays.sort(latenciesMicros);
      return String.format(
          Locale.ROOT,
          "| %s | %.0f | %.2f | %.2f | %d | %.0f %% | %.2f |",
          name,
          operations / seconds,
          pct(0.50) / 1000.0,
          pct(0.99) / 1000.0,
          operations,
          cpu.busyPercent(),
          cpu.busyMillis() / Math.max(1, operations));
    }

    long pct(double p) {
      if (latenciesMicros.length == 0) {
        return 0;
      }
      return latenciesMicros[
          Math.min(latenciesMicros.length - 1, (int) (p * latenciesMicros.length))];
    }
  }

  /**
   * The machine's CPU time from {@code /proc/stat} (all cores, in clock ticks of 10 ms): busy is
   * everything but idle and I/O wait. Charged to a case from its start to its end, it says what one
   * transfer costs the machine as a whole (server, PostgreSQL and the load generator).
   */
  record Cpu(long busy, long total) {
    static Cpu now() {
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new Cpu(total - idle, total);
      } catch (IOException | RuntimeException e) {
        return new Cpu(0, 0);
      }
    }

    Cpu since(Cpu start) {
      return new Cpu(busy - start.busy, total - start.total);
    }

    double busyPercent() {
      return total == 0 ? Double.NaN : 100.0 * busy / total;
    }

    double busyMillis() {
      return busy * 10.0;
    }
  }

  private static List<String> accounts(Database db) {
    List<String> numbers = new ArrayList<>();
    Instant now = Instant.now();
    db.sessionFactory()
        .inTransaction(
            s -> {
              for (int i = 0; i < ACCOUNTS; i++) {
                String n =
                    AccountNumbers.withCheckDigits("DE", String.format("%018d", 500_000L + i));
                numbers.add(n);
                s.persist(
                    new Account(n, "Bench " + i, "EUR", 1_000_000_000L, AccountStatus.OPEN, now));
              }
            });
    return numbers;
  }

  /** {@code desks} threads, each a desk with its own HTTP client, posting back to back. */
  private static Result run(URI base, List<String> accounts, int desks, int seconds)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    CyclicBarrier start = new CyclicBarrier(desks + 1);
    List<long[]> perDesk = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    int[] counts = new int[desks];
    for (int d = 0; d < desks; d++) {
      long[] lat = new long[2_000_000 / Math.max(1, desks)];
      perDesk.add(lat);
      int desk = d;
      Thread t =
          new Thread(
              () -> {
                HttpTransport http =
                    new HttpTransport(
                        new BranchConnection(
                                base, null, Duration.ofSeconds(5), Duration.ofSeconds(30))
                            .as(
                                "bench-" + (desk % 64),
                                TestLedger.TELLER_PASSWORD.toCharArray(),
                                "bench"));
                Random random = new Random(desk);
                try {
                  start.await();
                  while (!stop.get() && counts[desk] < lat.length) {
                    int a = random.nextInt(accounts.size());
                    int b = (a + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
                    TransferRequest r =
                        new TransferRequest(
                            accounts.get(a),
                            accounts.get(b),
                            1 + random.nextInt(999),
                            "EUR",
                            "bench");
                    long t0 = System.nanoTime();
                    TransferOutcome o = http.send(new Envelope(IdempotencyKey.mint(), r, 1));
                    long micros = (System.nanoTime() - t0) / 1_000;
                    if (!(o instanceof TransferOutcome.Posted)) {
                      System.err.println("not posted: " + o);
                      continue;
                    }
                    lat[counts[desk]++] = micros;
                  }
                } catch (Exception e) {
                  System.err.println("desk " + desk + ": " + e);
                }
              },
              "bench-desk-" + d);
      t.start();
      threads.add(t);
    }
    start.await();
    long t0 = System.nanoTime();
    Cpu cpu0 = Cpu.now();
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    Cpu cpu = Cpu.now().since(cpu0);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int i = 0;
    for (int d = 0; d < desks; d++) {
      System.arraycopy(perDesk.get(d), 0, all, i, counts[d]);
      i += counts[d];
    }
    return new Result(total, elapsed, all, cpu);
  }

  private static String pgbench() {
    for (String p : List.of("/usr/bin/pgbench", "/usr/lib/postgresql/15/bin/pgbench")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return null;
  }

  private static Result pgbench(String pgbench, int port, int clients, int seconds, Path tmp)
      throws Exception {
    Path logs = Files.createTempDirectory(tmp.getParent(), "pgbench-log");
    Cpu cpu0 = Cpu.now();
    String out =
        exec(
            List.of(
                pgbench,
                "-h",
                "localhost",
                "-p",
                "" + port,
                "-U",
                "postgres",
                "-n",
                "-M",
                "prepared",
                "-c",
                "" + clients,
                "-j",
                "" + Math.min(clients, 4),
                "-T",
                "" + seconds,
                "-l",
                "--log-prefix=" + logs.resolve("pgb"),
                "pgb"),
            null);
    Cpu cpu = Cpu.now().since(cpu0);
    List<Long> lat = new ArrayList<>();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          String[] p = line.split(" ");
          if (p.length >= 3) {
            lat.add(Long.parseLong(p[2]));
          }
        }
      }
    }
    long[] l = lat.stream().mapToLong(Long::longValue).toArray();
    double tps = 0;
    for (String line : out.split("\n")) {
      if (line.startsWith("tps = ")) {
        tps = Double.parseDouble(line.substring(6).split(" ")[0]);
      }
    }
    return new Result((int) Math.round(tps * seconds), seconds, l, cpu);
  }

  private static String exec(List<String> cmd, Path dir) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }
}
