package com.onceteller.app;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.branch.service.ReplayCompactor;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.branch.service.TransferService;
import com.onceteller.demo.FaultInjectingTransport;
import com.onceteller.demo.FaultPlan;
import com.onceteller.demo.FaultingServiceObserver;
import com.onceteller.desk.client.Abandonment;
import com.onceteller.desk.client.AcknowledgementAudit;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.LedgerInquiry;
import com.onceteller.desk.client.LocalTransport;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.client.TransferClient;
import com.onceteller.desk.client.TransferTransport;
import com.onceteller.desk.store.SqliteOutbox;
import com.onceteller.desk.timeline.ContextTransport;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.desk.timeline.TimelineListener;
import com.onceteller.desk.timeline.TimelineServiceObserver;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.RestoreResult;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The composition root: the one place that wires database, service, transport, client, outbox and
 * timeline — and, in demo mode only, the fault injection at the network and service boundaries.
 * Nothing below this class knows whether it is a demonstration.
 */
public final class AppContext implements AutoCloseable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AppContext.class);

  /** How the client behaves; tests shorten the timeout and the backoff. */
  public record ClientSettings(Duration timeout, RetryPolicy retryPolicy) {
    public static final ClientSettings DEFAULT =
        new ClientSettings(Duration.ofSeconds(3), RetryPolicy.DEFAULT);
  }

  private final Database database;
  private final TransferService service;
  private final LedgerQueries queries;
  private final SqliteOutbox outbox;
  private final Timeline timeline;
  private final FaultPlan faultPlan;
  private final TransferClient client;
  private final ExecutorService io;
  private final ScheduledExecutorService worker;
  private final ScheduledExecutorService housekeeping;
  private final Clock clock;
  private final RandomGenerator random;
  private final ClientSettings clientSettings;
  private final boolean demoMode;

  /** The branch server's inquiry when the desk posts through one; null with an embedded ledger. */
  private final LedgerInquiry remoteInquiry;

  /** What the desktop reads: the embedded ledger's queries, or the branch server's. */
  private com.onceteller.domain.LedgerReads reads;

  /** Where and as whom a desk reaches its branch server ({@code --server}). */
  public record ServerSettings(
      java.net.URI url, Path pinnedCertificate, String tellerId, Path deskStore) {}

  private AppContext(
      Database database,
      SqliteOutbox outbox,
      boolean demoMode,
      ClientSettings clientSettings,
      Clock clock,
      RandomGenerator random) {
    this(database, outbox, demoMode, clientSettings, clock, random, null, null);
  }

  /**
   * With {@code remote} the desk posts through the branch server (no ledger in this process: {@link
   * #database()}, {@link #service()} and {@link #queries()} are null); otherwise through the
   * embedded ledger.
   */
  private AppContext(
      Database database,
      SqliteOutbox outbox,
      boolean demoMode,
      ClientSettings clientSettings,
      Clock clock,
      RandomGenerator random,
      TransferTransport remote,
      LedgerInquiry remoteInquiry) {
    this.remoteInquiry = remoteInquiry;
    this.database = database;
    this.demoMode = demoMode;
    this.clientSettings = clientSettings;
    this.clock = clock;
    this.random = random;
    this.timeline = new Timeline(clock);
    this.queries = database == null ? null : new LedgerQueries(database);
    this.reads = queries;
    this.outbox = outbox;
    ServiceObserver observer = new TimelineServiceObserver(timeline);
    TransferTransport transport;
    if (remote != null) {
      // The branch server: faults of a demonstration are the network's (docs/branch-server.md).
      this.service = null;
      this.faultPlan = demoMode ? new FaultPlan() : null;
      transport = demoMode ? new FaultInjectingTransport(remote, faultPlan, timeline) : remote;
    } else if (demoMode) {
      this.faultPlan = new FaultPlan();
      this.service =
          new TransferService(database, clock, new FaultingServiceObserver(observer, timeline));
      transport = new FaultInjectingTransport(new LocalTransport(service), faultPlan, timeline);
    } else {
      this.faultPlan = null;
      this.service = new TransferService(database, clock, observer);
      transport = new LocalTransport(service);
    }
    this.io = Executors.newCachedThreadPool(daemon("transport-io"));
    ScheduledThreadPoolExecutor submissions =
        new ScheduledThreadPoolExecutor(1, daemon("submission-worker"));
    // On close, pending retries are dropped (they stay in doubt in the outbox), the running one
    // ends.
    submissions.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.worker = submissions;
    this.client =
        new TransferClient(new ContextTransport(transport), clientSettings.timeout(), io, clock);
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(daemon("housekeeping"));
    if (database != null) {
      scheduleReplayCompaction();
    }
  }

  /**
   * Stored replay payloads older than the retention (7 days, or {@code
   * -Donceteller.replayRetentionDays=N}) are compacted once a minute after start and then daily.
   * Keys are never deleted: a late retry still replays from the transfer row.
   */
  private void scheduleReplayCompaction() {
    Duration retention =
        Duration.ofDays(
            Long.getLong(
                "onceteller.replayRetentionDays", ReplayCompactor.DEFAULT_RETENTION.toDays()));
    ReplayCompactor compactor = new ReplayCompactor(database, clock);
    housekeeping.scheduleWithFixedDelay(
        () -> {
          try {
            compactor.compactOlderThan(retention);
          } catch (RuntimeException e) {
            log.warn("Replay compaction failed; will try again tomorrow: {}", e.toString());
          }
        },
        1,
        24 * 60,
        TimeUnit.MINUTES);
  }

  /**
   * The desk's own store for a ledger file: beside it, a SQLite file of its own ({@code
   * ledger.desk.sqlite} for {@code ledger.mv.db}).
   */
  public static Path deskStoreFor(Path databaseFile) {
    String name = databaseFile.getFileName().toString();
    String base = name.endsWith(".mv.db") ? name.substring(0, name.length() - 6) : name;
    return databaseFile.resolveSibling(base + ".desk.sqlite");
  }

  /**
   * The desk's records must belong to the ledger they are audited against. A desk store written for
   * another ledger (a recreated demo ledger, another branch's file) is moved aside, never deleted,
   * and a fresh one started, with an incident saying where the old records are.
   */
  private static SqliteOutbox bindToLedger(
      SqliteOutbox outbox, String ledgerId, Object databaseFile, Clock clock) {
    if (outbox.belongsTo(ledgerId)) {
      return outbox;
    }
    Path store = outbox.file();
    outbox.close();
    String stamp =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(java.time.ZoneOffset.UTC)
            .format(clock.instant());
    Path aside = store.resolveSibling(store.getFileName() + "-other-ledger-" + stamp);
    try {
      java.nio.file.Files.move(store, aside);
      for (String suffix : new String[] {"-wal", "-shm"}) {
        Path extra = store.resolveSibling(store.getFileName() + suffix);
        if (java.nio.file.Files.exists(extra)) {
          java.nio.file.Files.move(extra, aside.resolveSibling(aside.getFileName() + suffix));
        }
      }
    } catch (java.io.IOException e) {
      throw new Outbox.OutboxException(
          "The desk records at "
              + store
              + " belong to another ledger than "
              + databaseFile
              + " and could not be moved aside ("
              + e.getMessage()
              + ").",
          e);
    }
    SqliteOutbox fresh = SqliteOutbox.open(store, clock);
    fresh.belongsTo(ledgerId);
    fresh.incident(
        "DESK_RECORDS_OF_ANOTHER_LEDGER",
        null,
        "The desk records found beside "
            + databaseFile
            + " belonged to another ledger; they were kept at "
            + aside
            + " and this desk started new records.",
        clock.instant());
    return fresh;
  }

  /** Opens the ledger file (creating the demo data in a new file) and wires everything. */
  public static AppContext open(
      Path databaseFile, boolean demoMode, ClientSettings clientSettings) {
    return open(databaseFile, demoMode, clientSettings, Database.StoreEvents.NONE);
  }

  /** As {@link #open(Path, boolean, ClientSettings)}, reporting what the ledger's store does. */
  public static AppContext open(
      Path databaseFile,
      boolean demoMode,
      ClientSettings clientSettings,
      Database.StoreEvents storeEvents) {
    Clock clock = Clock.systemUTC();
    // The ledger first: its lock says whether another OnceTeller has this ledger open.
    Database db = Database.open(DatabaseSettings.h2File(databaseFile), storeEvents);
    SqliteOutbox outbox;
    try {
      outbox = SqliteOutbox.open(deskStoreFor(databaseFile), clock);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    try {
      DemoData.installIfEmpty(db);
      outbox = bindToLedger(outbox, db.ledgerId(), databaseFile, clock);
      return new AppContext(
          db, outbox, demoMode, clientSettings, clock, new Random(new SecureRandom().nextLong()));
    } catch (RuntimeException e) {
      db.close();
      outbox.close();
      throw e;
    }
  }

  /**
   * A desk that posts through the branch server: its own store (outbox, acknowledgements) stays on
   * the desk; the transport and the ledger inquiry are HTTP, TLS pinned to the branch's
   * certificate. Fails when the branch cannot be reached (the desk must know which ledger its
   * records belong to before it sends anything).
   */
  public static AppContext connect(
      ServerSettings server, boolean demoMode, ClientSettings clientSettings) {
    Clock clock = Clock.systemUTC();
    com.onceteller.desk.remote.BranchConnection branch =
        new com.onceteller.desk.remote.BranchConnection(
            server.url(),
            server.pinnedCertificate() == null
                ? null
                : com.onceteller.desk.remote.PinnedCertificate.load(server.pinnedCertificate()),
            server.tellerId(),
            Duration.ofSeconds(2),
            // The client's own timeout is the real one; the HTTP one only frees the connection.
            clientSettings.timeout().plusSeconds(1));
    com.onceteller.desk.remote.HttpLedgerInquiry inquiry =
        new com.onceteller.desk.remote.HttpLedgerInquiry(branch);
    // The Service and Database lanes of the timeline, drawn from the server's Server-Timing.
    java.util.concurrent.atomic.AtomicReference<Timeline> timelineOf =
        new java.util.concurrent.atomic.AtomicReference<>();
    com.onceteller.desk.remote.ServerSteps.Listener steps =
        s -> {
          Timeline t = timelineOf.get();
          if (t != null) {
            drawServerSteps(t, s);
          }
        };
    String ledgerId = inquiry.ledgerId();
    SqliteOutbox outbox = SqliteOutbox.open(server.deskStore(), clock);
    try {
      outbox = bindToLedger(outbox, ledgerId, server.url(), clock);
      AppContext ctx =
          new AppContext(
              null,
              outbox,
              demoMode,
              clientSettings,
              clock,
              new Random(new SecureRandom().nextLong()),
              new com.onceteller.desk.remote.HttpTransport(branch, steps),
              inquiry);
      timelineOf.set(ctx.timeline);
      ctx.reads = new com.onceteller.desk.remote.HttpLedgerReads(branch);
      return ctx;
    } catch (RuntimeException e) {
      outbox.close();
      throw e;
    }
  }

  /** Puts what the branch server reported (Server-Timing) on the Service and Database lanes. */
  private static void drawServerSteps(Timeline t, com.onceteller.desk.remote.ServerSteps s) {
    IdempotencyKey key = s.attempt().key();
    int attempt = s.attempt().attempt();
    java.util.Map<String, Double> ms = s.millis();
    t.record(key, attempt, com.onceteller.desk.timeline.EventKind.RECEIVED, "on the branch server");
    if (ms.containsKey("claim")) {
      t.record(
          key,
          attempt,
          com.onceteller.desk.timeline.EventKind.KEY_CLAIMED,
          key.shortForm() + " (" + ms.get("claim") + " ms)");
    }
    if (ms.containsKey("decide")) {
      t.record(
          key,
          attempt,
          com.onceteller.desk.timeline.EventKind.POSTINGS_WRITTEN,
          ms.get("decide") + " ms");
    }
    if (ms.containsKey("commit")) {
      t.record(
          key,
          attempt,
          com.onceteller.desk.timeline.EventKind.COMMITTED,
          com.onceteller.desk.timeline.Outcomes.describe(s.outcome())
              + " (commit "
              + ms.get("commit")
              + " ms, sync "
              + ms.getOrDefault("sync", 0.0)
              + " ms)");
    } else if (ms.containsKey("replay")) {
      t.record(
          key,
          attempt,
          com.onceteller.desk.timeline.EventKind.REPLAYED,
          com.onceteller.desk.timeline.Outcomes.describe(s.outcome()));
    }
  }

  public static AppContext open(AppConfig config) {
    if (config.server() != null) {
      // A desk of a branch server: demonstrations there go through the fault proxy instead.
      return connect(config.server(), false, ClientSettings.DEFAULT);
    }
    return open(config.databaseFile(), config.demoMode(), ClientSettings.DEFAULT);
  }

  /** What the start-up did before the teller could send anything. */
  public record StartUpReport(
      AcknowledgementAudit.Report audit, int inDoubtFound, int resolved, int stillInDoubt) {}

  /**
   * Runs before anything new is sent: the acknowledgement audit (every decision this desk showed
   * since the last start must be in the ledger; what is missing is repaired and reported), then
   * every in-doubt submission is asked again with its own key. Only what the ledger cannot answer
   * stays in doubt. Blocks until done; call it off the FX thread.
   */
  public StartUpReport startUp() {
    AcknowledgementAudit.Report audit =
        new AcknowledgementAudit(outbox, ledgerInquiry(), clock, operator()).run();
    List<Outbox.OutboxEntry> inDoubt = outbox.inDoubt();
    CountDownLatch done = new CountDownLatch(inDoubt.size());
    AtomicInteger decided = new AtomicInteger();
    for (Outbox.OutboxEntry e : inDoubt) {
      RetryingSubmission s =
          new RetryingSubmission(
              client,
              outbox,
              START_UP_RETRIES,
              worker,
              random,
              clock,
              e.key(),
              e.request(),
              both(
                  new TimelineListener(timeline, e.key()),
                  new RetryingSubmission.Listener() {
                    @Override
                    public void finished(RetryingSubmission.Final state, AttemptResult last) {
                      if (state == RetryingSubmission.Final.DECIDED) {
                        decided.incrementAndGet();
                      }
                      done.countDown();
                    }
                  }));
      s.resume();
    }
    try {
      done.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    int left = outbox.inDoubt().size();
    if (!inDoubt.isEmpty()) {
      log.info(
          "Start-up: {} in doubt, {} resolved by asking the ledger, {} still in doubt",
          inDoubt.size(),
          decided.get(),
          left);
    }
    return new StartUpReport(audit, inDoubt.size(), decided.get(), left);
  }

  /** Three quick tries per in-doubt transfer at start-up; the rest waits for the teller. */
  private static final RetryPolicy START_UP_RETRIES =
      new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 3);

  private String operator() {
    return System.getProperty("user.name", "teller");
  }

  /** Abandoning a transfer: the ledger fences its key first (see {@link Abandonment}). */
  public Abandonment abandonment() {
    return new Abandonment(ledgerInquiry(), outbox, clock, operator());
  }

  /** The ledger as the desk may ask it, here in the same process. */
  public LedgerInquiry ledgerInquiry() {
    if (remoteInquiry != null) {
      return remoteInquiry;
    }
    return new LedgerInquiry() {
      @Override
      public KeyStatus statusOf(IdempotencyKey key) {
        try {
          return queries.statusOf(key);
        } catch (RuntimeException e) {
          throw new IllegalStateException("the ledger could not be read: " + e, e);
        }
      }

      @Override
      public RestoreResult restore(Outbox.Acknowledgement ack, String note) {
        return service.restoreAcknowledged(
            ack.key(), ack.request(), ack.reference(), ack.decidedAt(), note);
      }

      @Override
      public TransferOutcome fence(
          IdempotencyKey key, TransferRequest request, String by, String reason) {
        return service.abandon(key, request, by, reason);
      }
    };
  }

  /**
   * A submission of one transfer intent. Its key is the form's key; the timeline records every
   * attempt alongside the caller's listener.
   */
  public RetryingSubmission newSubmission(
      IdempotencyKey key, TransferRequest request, RetryingSubmission.Listener listener) {
    return new RetryingSubmission(
        client,
        outbox,
        clientSettings.retryPolicy(),
        worker,
        random,
        clock,
        key,
        request,
        both(new TimelineListener(timeline, key), listener));
  }

  private static RetryingSubmission.Listener both(
      RetryingSubmission.Listener a, RetryingSubmission.Listener b) {
    return new RetryingSubmission.Listener() {
      @Override
      public void attemptStarted(int attempt, java.time.Instant at) {
        a.attemptStarted(attempt, at);
        b.attemptStarted(attempt, at);
      }

      @Override
      public void attemptFinished(com.onceteller.desk.client.AttemptResult result) {
        a.attemptFinished(result);
        b.attemptFinished(result);
      }

      @Override
      public void retryScheduled(int nextAttempt, Duration delay, java.time.Instant dueAt) {
        a.retryScheduled(nextAttempt, delay, dueAt);
        b.retryScheduled(nextAttempt, delay, dueAt);
      }

      @Override
      public void finished(
          RetryingSubmission.Final state, com.onceteller.desk.client.AttemptResult last) {
        a.finished(state, last);
        b.finished(state, last);
      }
    };
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public Database database() {
    return database;
  }

  public TransferService service() {
    return service;
  }

  public LedgerQueries queries() {
    return queries;
  }

  /** What the desktop reads (accounts, journal), from the embedded ledger or the branch. */
  public com.onceteller.domain.LedgerReads reads() {
    return reads;
  }

  public SqliteOutbox outbox() {
    return outbox;
  }

  public TransferClient client() {
    return client;
  }

  public Timeline timeline() {
    return timeline;
  }

  /** The fault plan, or null when demo mode is off (then no fault can be armed at all). */
  public FaultPlan faultPlan() {
    return faultPlan;
  }

  public boolean demoMode() {
    return demoMode;
  }

  public Clock clock() {
    return clock;
  }

  public ClientSettings clientSettings() {
    return clientSettings;
  }

  @Override
  public void close() {
    worker.shutdown();
    // No interrupts for threads that may be inside H2: an interrupted file channel closes the
    // store.
    housekeeping.shutdown();
    io.shutdown();
    try {
      // Let an attempt still inside the service finish its transaction before the store closes.
      worker.awaitTermination(10, TimeUnit.SECONDS);
      io.awaitTermination(5, TimeUnit.SECONDS);
      housekeeping.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (database != null) {
        database.close();
      }
    } finally {
      outbox.close();
    }
  }
}
