package com.onceteller.crash;

import com.onceteller.app.AppContext;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.ledger.LedgerReconciler;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.store.SqliteOutbox;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Kills a {@link KillChild} with SIGKILL ({@link Process#destroyForcibly}) at random moments,
 * restarts it on the same database file, and after every kill and at the end checks: acknowledged
 * transfers lost, keys executed more than once, torn transfers (via {@link LedgerReconciler}),
 * money created or destroyed, and at the end in-doubt outbox entries left unresolved. On any
 * violation a copy of the database file is kept under {@code target/kill-forensics/}.
 *
 * <p>Long form (50 kills):
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.onceteller.crash.KillHarness -Dexec.args="--kills 50"
 * </pre>
 *
 * Options: {@code --kills n}, {@code --seed s}, {@code --dir path} (where the database lives),
 * {@code --min-run-ms n} (stream at least this long before each kill).
 */
public final class KillHarness {

  /** What a run found. */
  public record Result(
      long seed,
      int kills,
      int acknowledged,
      int transfersInLedger,
      int lost,
      int duplicated,
      int torn,
      int unresolvedInDoubt,
      int resolvedAfterRestart,
      int incidents,
      Map<KillPoint, Integer> killPoints,
      boolean moneyUnchanged,
      List<String> violations) {
    public boolean ok() {
      return violations.isEmpty();
    }
  }

  private final long seed;
  private final int kills;
  private final Path dir;
  private final Random random;
  private final Map<String, String> acked = new ConcurrentHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<String, Long> openingTotals = new TreeMap<>();
  private int resolvedAfterRestart;
  private int lastTorn;
  private int lastLost;
  private int lastDuplicated;

  private int maxDelayMillis = 1200;
  private int minRunMillis = 30;
  private long compactionFloorBytes = 2L << 20;
  private int longRunEvery = 0;
  private final Map<KillPoint, Integer> killPoints = new java.util.EnumMap<>(KillPoint.class);

  /** Where a kill strikes. */
  public enum KillPoint {
    /** While the child streams transfers, a random moment after it became ready. */
    STREAMING,
    /** 0–100 ms after the child became ready: right after a crash-recovery start. */
    BACK_TO_BACK,
    /** While H2 recovers the file the last kill left (between RECOVERING and RECOVERED). */
    DURING_RECOVERY,
    /** While the ledger is being compacted (copied, verified, swapped). */
    DURING_COMPACTION,
    /** 0–50 ms after a compaction swapped the file. */
    AFTER_COMPACTION,
    /** Before the child is ready (opening, checking, auditing, resending). */
    DURING_START_UP,
    /** After streaming longer than H2's retention time (45 s). */
    LONG_RUN,
    /** A simulated power cut: unsynced writes are undone ({@link PowerCutFilePath}). */
    POWER_CUT,
    /** A simulated power cut that tears the write in progress. */
    POWER_CUT_TORN
  }

  private boolean powerCuts;
  private int maxCutWrite = 1500;

  /** The latest write a power cut may strike at (CI keeps runs short). */
  public KillHarness maxCutWrite(int writes) {
    this.maxCutWrite = writes;
    return this;
  }

  /** Every run ends in a simulated power cut instead of a SIGKILL. */
  public KillHarness powerCuts(boolean on) {
    this.powerCuts = on;
    return this;
  }

  /** Compact the child's ledger after this much growth (small: compactions during the run). */
  public KillHarness compactionFloorBytes(long bytes) {
    this.compactionFloorBytes = bytes;
    return this;
  }

  /** Every n-th kill (0: never) comes after a run longer than H2's retention time. */
  public KillHarness longRunEvery(int n) {
    this.longRunEvery = n;
    return this;
  }

  /**
   * The least a child streams after start-up before it is killed. Longer than H2's retention time
   * (45 s) makes H2 reuse freed space inside the file before the kill.
   */
  public KillHarness minRunMillis(int millis) {
    this.minRunMillis = millis;
    return this;
  }

  /** The longest a child streams after start-up before it is killed (CI uses a shorter one). */
  public KillHarness maxDelayMillis(int millis) {
    this.maxDelayMillis = millis;
    return this;
  }

  public KillHarness(long seed, int kills, Path dir) {
    this.seed = seed;
    this.kills = kills;
    this.dir = dir;
    this.random = new Random(seed);
    for (DemoData.DemoAccount a : DemoData.ACCOUNTS) {
      openingTotals.merge(a.currency(), a.balanceMinor(), Long::sum);
    }
  }

  public static void main(String[] args) throws Exception {
    int kills = 50;
    int minRun = 30;
    int longRunEvery = 0;
    boolean powerCuts = false;
    long seed = System.currentTimeMillis();
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--kills" -> kills = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--min-run-ms" -> minRun = Integer.parseInt(args[++i]);
        case "--long-run-every" -> longRunEvery = Integer.parseInt(args[++i]);
        case "--power-cuts" -> powerCuts = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (dir == null) {
      dir = Files.createTempDirectory("onceteller-kill");
    }
    Result r =
        new KillHarness(seed, kills, dir)
            .minRunMillis(minRun)
            .longRunEvery(longRunEvery)
            .powerCuts(powerCuts)
            .run();
    System.exit(r.ok() ? 0 : 1);
  }

  private Path dbFile() {
    return dir.resolve("ledger.mv.db");
  }

  public Result run() throws Exception {
    Files.createDirectories(dir);
    System.out.printf(
        Locale.ROOT, "kill test: seed %d, %d kills, database %s%n", seed, kills, dbFile());
    long t0 = System.nanoTime();
    for (int i = 1; i <= kills && violations.isEmpty(); i++) {
      runAndKill(i);
      verify("after kill " + i, false);
    }
    if (violations.isEmpty()) {
      drain();
      verify("at the end", true);
    }
    Result result =
        new Result(
            seed,
            kills,
            acked.size(),
            countTransfers(),
            lastLost,
            lastDuplicated,
            lastTorn,
            unresolvedInDoubt(),
            resolvedAfterRestart,
            incidents(),
            Map.copyOf(killPoints),
            violations.stream().noneMatch(v -> v.contains("money")),
            List.copyOf(violations));
    System.out.printf(
        Locale.ROOT,
        "kill test %s: seed %d, %d kills %s in %.0f s; %d acknowledged, %d in the ledger;"
            + " lost %d, duplicated %d, torn %d, in doubt left %d (resolved after restarts %d),"
            + " incidents %d, total money %s%n",
        result.ok() ? "PASSED" : "FAILED",
        seed,
        kills,
        new TreeMap<>(killPoints),
        (System.nanoTime() - t0) / 1e9,
        result.acknowledged(),
        result.transfersInLedger(),
        result.lost(),
        result.duplicated(),
        result.torn(),
        result.unresolvedInDoubt(),
        result.resolvedAfterRestart(),
        result.incidents(),
        result.moneyUnchanged() ? "unchanged " + openingTotals : "CHANGED");
    for (String v : violations) {
      System.out.println("VIOLATION: " + v);
    }
    return result;
  }

  /** Starts the child, kills it with SIGKILL at a kill point chosen for this run. */
  private void runAndKill(int n) throws Exception {
    KillPoint point = choosePoint(n);
    long cutAt = 0;
    if (powerCuts && n > 1) {
      point = random.nextBoolean() ? KillPoint.POWER_CUT : KillPoint.POWER_CUT_TORN;
      // Some cuts during start-up (recovery, checks), most while streaming.
      cutAt = random.nextInt(10) < 3 ? 1 + random.nextInt(60) : 1 + random.nextInt(maxCutWrite);
    }
    Process p = startChild(false, cutAt, point == KillPoint.POWER_CUT_TORN);
    CountDownLatch ready = new CountDownLatch(1);
    CountDownLatch recovering = new CountDownLatch(1);
    CountDownLatch compacting = new CountDownLatch(1);
    CountDownLatch compacted = new CountDownLatch(1);
    AtomicReference<String> refused = new AtomicReference<>();
    int[] inDoubtAtStart = {-1};
    int acksBefore = acked.size();
    long started = System.nanoTime();
    Thread reader =
        readLines(
            p,
            line -> {
              if (line.equals("READY")) {
                ready.countDown();
              } else if (line.startsWith("INDOUBT ")) {
                inDoubtAtStart[0] = Integer.parseInt(line.substring(8).trim());
              } else if (line.equals("RECOVERING")) {
                recovering.countDown();
              } else if (line.startsWith("COMPACTING")) {
                compacting.countDown();
              } else if (line.startsWith("COMPACTED")) {
                compacted.countDown();
              } else if (line.startsWith("REFUSED ")) {
                refused.set(line);
                ready.countDown();
              }
            });
    String phase;
    switch (point) {
      case POWER_CUT, POWER_CUT_TORN -> {
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        phase =
            exited
                ? "power cut at write "
                    + cutAt
                    + (point == KillPoint.POWER_CUT_TORN ? ", torn" : "")
                : "power cut at write " + cutAt + " never came; killed";
      }
      case DURING_START_UP -> {
        long delay = 100 + random.nextInt(2500);
        boolean readyFirst = ready.await(delay, TimeUnit.MILLISECONDS);
        phase = (readyFirst ? "just after start-up, " : "during start-up, ") + delay + " ms";
      }
      case DURING_RECOVERY -> {
        boolean seen = recovering.await(60, TimeUnit.SECONDS);
        long delay = random.nextInt(40);
        Thread.sleep(delay);
        phase = seen ? "during recovery, " + delay + " ms in" : "no recovery seen";
      }
      case BACK_TO_BACK -> {
        awaitReady(n, ready);
        long delay = random.nextInt(101);
        Thread.sleep(delay);
        phase = "back to back, " + delay + " ms after ready";
      }
      case DURING_COMPACTION, AFTER_COMPACTION -> {
        awaitReady(n, ready);
        boolean seen =
            (point == KillPoint.DURING_COMPACTION ? compacting : compacted)
                .await(60, TimeUnit.SECONDS);
        long delay = random.nextInt(point == KillPoint.DURING_COMPACTION ? 150 : 50);
        Thread.sleep(delay);
        phase =
            seen
                ? (point == KillPoint.DURING_COMPACTION ? "during" : "after")
                    + " compaction, "
                    + delay
                    + " ms"
                : "no compaction within 60 s";
      }
      case LONG_RUN -> {
        awaitReady(n, ready);
        long delay = 46_000 + random.nextInt(15_000);
        Thread.sleep(delay);
        phase = "long run, " + delay + " ms after ready";
      }
      default -> {
        awaitReady(n, ready);
        long delay = minRunMillis + random.nextInt(maxDelayMillis);
        Thread.sleep(delay);
        phase = "streaming, " + delay + " ms after ready";
      }
    }
    p.destroyForcibly();
    p.waitFor(60, TimeUnit.SECONDS);
    reader.join(10_000);
    killPoints.merge(point, 1, Integer::sum);
    if (refused.get() != null) {
      violations.add("kill " + n + ": the ledger was refused at start-up: " + refused.get());
    }
    if (inDoubtAtStart[0] > 0) {
      resolvedAfterRestart += inDoubtAtStart[0];
    }
    System.out.printf(
        Locale.ROOT,
        "kill %d/%d (%s, %.1f s after launch): in doubt at start %s, acknowledged this run %d,"
            + " total %d%n",
        n,
        kills,
        phase,
        (System.nanoTime() - started) / 1e9,
        inDoubtAtStart[0] < 0 ? "-" : Integer.toString(inDoubtAtStart[0]),
        acked.size() - acksBefore,
        acked.size());
  }

  private void awaitReady(int n, CountDownLatch ready) throws InterruptedException {
    if (!ready.await(120, TimeUnit.SECONDS)) {
      violations.add("kill " + n + ": the child did not become ready within 120 s");
    }
  }

  /**
   * The kill point of run {@code n}. The first run creates the file and is never killed before it
   * is ready; a long run comes every {@link #longRunEvery} kills; otherwise a weighted draw.
   */
  private KillPoint choosePoint(int n) {
    if (n == 1) {
      return KillPoint.STREAMING;
    }
    if (longRunEvery > 0 && n % longRunEvery == 0) {
      return KillPoint.LONG_RUN;
    }
    // Kills 2 to 7 visit every kill point once, so that even a short run covers them all (left to
    // chance, a 24-kill run misses one point in about 1 of 40 seeds).
    KillPoint[] everyPoint = {
      KillPoint.BACK_TO_BACK,
      KillPoint.DURING_RECOVERY,
      KillPoint.DURING_COMPACTION,
      KillPoint.AFTER_COMPACTION,
      KillPoint.DURING_START_UP,
      KillPoint.STREAMING
    };
    if (n - 2 < everyPoint.length) {
      return everyPoint[n - 2];
    }
    int r = random.nextInt(100);
    if (r < 25) {
      return KillPoint.STREAMING;
    } else if (r < 45) {
      return KillPoint.BACK_TO_BACK;
    } else if (r < 60) {
      return KillPoint.DURING_RECOVERY;
    } else if (r < 75) {
      return KillPoint.DURING_COMPACTION;
    } else if (r < 88) {
      return KillPoint.AFTER_COMPACTION;
    }
    return KillPoint.DURING_START_UP;
  }

  /** A last, normal start that only resolves what is in doubt, then exits. */
  private void drain() throws Exception {
    Process p = startChild(true);
    String[] done = {null};
    int[] inDoubt = {-1};
    Thread reader =
        readLines(
            p,
            line -> {
              if (line.startsWith("DONE")) {
                done[0] = line;
              } else if (line.startsWith("INDOUBT ")) {
                inDoubt[0] = Integer.parseInt(line.substring(8).trim());
              } else if (line.startsWith("REFUSED ")) {
                violations.add("final start: the ledger was refused: " + line);
              }
            });
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      violations.add("final start did not finish within 120 s");
    }
    reader.join(10_000);
    if (inDoubt[0] > 0) {
      resolvedAfterRestart += inDoubt[0];
    }
    System.out.printf(
        Locale.ROOT,
        "final start: in doubt at start %d, resolved with the same keys; %s%n",
        inDoubt[0],
        done[0]);
  }

  private Process startChild(boolean drain) throws IOException {
    return startChild(drain, 0, false);
  }

  private Process startChild(boolean drain, long powerCutAt, boolean tear) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Donceteller.h2.compactionFloorBytes=" + compactionFloorBytes);
    cmd.add("-Dlogback.configurationFile=" + childLogConfig());
    cmd.add("-cp");
    cmd.add(childClasspath());
    cmd.add(KillChild.class.getName());
    cmd.add("--db");
    cmd.add(dbFile().toString());
    cmd.add("--seed");
    cmd.add(Long.toString(random.nextLong()));
    cmd.add("--writers");
    cmd.add(Integer.toString(drain ? 1 : 1 + random.nextInt(4)));
    if (drain) {
      cmd.add("--drain");
    }
    if (powerCutAt > 0) {
      cmd.add("--power-cut-at");
      cmd.add(Long.toString(powerCutAt));
      if (tear) {
        cmd.add("--tear");
      }
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child-stderr.log").toFile()));
    return pb.start();
  }

  /** Reads the child's stdout; ACK lines are recorded here, others passed on. */
  private Thread readLines(Process p, java.util.function.Consumer<String> other) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3) {
                      String before = acked.putIfAbsent(parts[1], parts[2]);
                      if (before != null && !before.equals(parts[2])) {
                        synchronized (violations) {
                          violations.add(
                              "key "
                                  + parts[1]
                                  + " was acknowledged as "
                                  + before
                                  + " and as "
                                  + parts[2]);
                        }
                      }
                    }
                  } else if (line.startsWith("ODD ")) {
                    synchronized (violations) {
                      violations.add("unexpected decision: " + line);
                    }
                  } else {
                    other.accept(line);
                  }
                }
              } catch (IOException e) {
                // the child was killed: its pipe closes
              }
            },
            "kill-child-reader");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Checks the file as the next start-up will find it. */
  private void verify(String when, boolean atEnd) throws Exception {
    List<String> found = new ArrayList<>();
    try (Connection c = connect()) {
      // torn transfers and balances: the same rules the app checks at start-up
      List<String> torn = LedgerReconciler.check(c);
      lastTorn = torn.size();
      for (String t : torn) {
        found.add("torn or inconsistent: " + t);
      }
      // acknowledged transfers lost (or with another reference)
      Map<String, String> inLedger = new HashMap<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("select idempotency_key, reference from transfer")) {
        while (rs.next()) {
          inLedger.put(rs.getString(1), rs.getString(2));
        }
      }
      int lost = 0;
      for (Map.Entry<String, String> a : acked.entrySet()) {
        String ref = inLedger.get(a.getKey());
        if (!a.getValue().equals(ref)) {
          lost++;
          if (lost <= 5) {
            found.add("acknowledged transfer lost: key " + a.getKey() + " " + a.getValue());
          }
        }
      }
      lastLost = lost;
      // keys executed more than once
      int duplicated = 0;
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select idempotency_key, count(*) from transfer group by idempotency_key"
                      + " having count(*) > 1")) {
        while (rs.next()) {
          duplicated++;
          found.add("key " + rs.getString(1) + " executed " + rs.getInt(2) + " times");
        }
      }
      lastDuplicated = duplicated;
      // total money
      Map<String, Long> totals = new TreeMap<>();
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select currency, sum(balance_minor) from account group by currency")) {
        while (rs.next()) {
          totals.put(rs.getString(1), rs.getLong(2));
        }
      }
      if (!totals.isEmpty() && !totals.equals(openingTotals)) {
        found.add("total money changed: " + totals + " instead of " + openingTotals);
      }
      if (atEnd) {
        int unresolved = unresolvedInDoubt();
        if (unresolved != 0) {
          found.add(unresolved + " in-doubt transfers left unresolved");
        }
        int incidents = incidents();
        if (incidents != 0) {
          found.add(incidents + " incidents (an acknowledged decision was missing at a start)");
        }
      }
    }
    if (!found.isEmpty()) {
      violations.addAll(found.stream().map(f -> when + ": " + f).toList());
      keepForensics(when);
    }
  }

  private void keepForensics(String when) throws IOException {
    Path target = Path.of("target", "kill-forensics");
    Files.createDirectories(target);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path copy = target.resolve("ledger-" + stamp + "-" + when.replace(' ', '-') + ".mv.db");
    Files.copy(dbFile(), copy, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("kept the violating database as " + copy.toAbsolutePath());
  }

  /**
   * A read-only connection to a copy of the file, exactly as the next start-up will find it (the
   * killed child's stale lock file keeps H2 from opening the original read-only).
   */
  private Connection connect() throws SQLException {
    Path copyDir = dir.resolve("verify");
    try {
      Files.createDirectories(copyDir);
      Files.copy(dbFile(), copyDir.resolve("ledger.mv.db"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new SQLException("could not copy the database for checking", e);
    }
    String base = copyDir.resolve("ledger").toAbsolutePath().toString();
    return DriverManager.getConnection(
        "jdbc:h2:file:" + base + ";ACCESS_MODE_DATA=r;FILE_LOCK=NO;IFEXISTS=TRUE", "sa", "");
  }

  private int countTransfers() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from transfer")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private Path deskStore() {
    return AppContext.deskStoreFor(dbFile());
  }

  private int unresolvedInDoubt() {
    if (!Files.exists(deskStore())) {
      return 0;
    }
    try (SqliteOutbox outbox = SqliteOutbox.open(deskStore(), java.time.Clock.systemUTC())) {
      return outbox.inDoubt().size();
    }
  }

  private int incidents() {
    if (!Files.exists(deskStore())) {
      return 0;
    }
    try (SqliteOutbox outbox = SqliteOutbox.open(deskStore(), java.time.Clock.systemUTC())) {
      List<Outbox.Incident> found = outbox.incidents(java.time.Instant.EPOCH);
      for (Outbox.Incident i : found) {
        System.out.println("INCIDENT: " + i.kind() + " " + i.detail());
      }
      return found.size();
    }
  }

  /** The child logs warnings and errors only, to the kill directory. */
  private String childLogConfig() throws IOException {
    Path cfg = dir.resolve("child-logback.xml");
    if (!Files.exists(cfg)) {
      Files.writeString(
          cfg,
          "<configuration><appender name=\"F\" class=\"ch.qos.logback.core.FileAppender\">"
              + "<file>"
              + dir.resolve("child.log")
              + "</file><encoder><pattern>%d %-5level [%thread] %logger{24} - %msg%n</pattern>"
              + "</encoder></appender><root level=\"WARN\"><appender-ref ref=\"F\"/></root>"
              + "</configuration>");
    }
    return cfg.toString();
  }

  /**
   * The classpath for the child: surefire's test classpath, the exec plugin's class loader, or this
   * JVM's class path, in that order.
   */
  public static String childClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    if (surefire != null && !surefire.isBlank()) {
      return surefire;
    }
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl instanceof URLClassLoader u && u.getURLs().length > 0) {
      List<String> parts = new ArrayList<>();
      for (URL url : u.getURLs()) {
        try {
          parts.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
          parts.add(url.getPath());
        }
      }
      return String.join(File.pathSeparator, parts);
    }
    return System.getProperty("java.class.path");
  }
}
