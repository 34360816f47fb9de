package com.onceteller.app;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.branch.ledger.DemoUsers;
import com.onceteller.branch.service.ApprovalService;
import com.onceteller.branch.service.AuditQueries;
import com.onceteller.branch.service.EndOfDayService;
import com.onceteller.branch.service.IdentityService;
import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.branch.service.ReceiptService;
import com.onceteller.branch.service.ReplayCompactor;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.branch.service.TransferService;
import com.onceteller.demo.FaultInjectingTransport;
import com.onceteller.demo.FaultPlan;
import com.onceteller.demo.FaultingServiceObserver;
import com.onceteller.desk.client.Abandonment;
import com.onceteller.desk.client.AcknowledgementAudit;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.CallsInService;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.LedgerInquiry;
import com.onceteller.desk.client.LocalLedgerInquiry;
import com.onceteller.desk.client.LocalTransport;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.client.TransferClient;
import com.onceteller.desk.client.TransferTransport;
import com.onceteller.desk.store.SqliteOutbox;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.desk.timeline.TimelineListener;
import com.onceteller.desk.timeline.TimelineServiceObserver;
import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
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
  private final IdentityService identity;
  private final ApprovalService approvals;
  private final EndOfDayService endOfDay;
  private final AuditQueries auditQueries;
  private final ReceiptService receipts;
  private final LedgerQueries queries;
  private final SqliteOutbox outbox;
  private final Timeline timeline;
  private final FaultPlan faultPlan;
  private final CallsInService calls;
  private final ExecutorService io;
  private final ScheduledExecutorService worker;
  private final ScheduledExecutorService housekeeping;
  private final Clock clock;
  private final RandomGenerator random;
  private final ClientSettings clientSettings;
  private final boolean demoMode;

  /** Who is signed on at this desk and what acts for them; null while nobody is. */
  private volatile DeskSession session;

  /**
   * The signed-on teller's part of the desk: a transport and client that act as them, their view of
   * the desk store, and their submissions still running (stopped when they sign off).
   */
  private record DeskSession(
      Actor actor, TransferClient client, Outbox outbox, List<RetryingSubmission> running) {}

  private AppContext(
      Database database,
      SqliteOutbox outbox,
      boolean demoMode,
      ClientSettings clientSettings,
      Clock clock,
      RandomGenerator random) {
    this.database = database;
    this.demoMode = demoMode;
    this.clientSettings = clientSettings;
    this.clock = clock;
    this.random = random;
    this.timeline = new Timeline(clock);
    this.queries = new LedgerQueries(database);
    this.outbox = outbox;
    // The service reports its steps by key; CallsInService maps them back to the attempt.
    this.calls = new CallsInService();
    ServiceObserver observer = new TimelineServiceObserver(timeline, calls);
    if (demoMode) {
      this.faultPlan = new FaultPlan();
      this.service =
          new TransferService(
              database, clock, new FaultingServiceObserver(observer, timeline, faultPlan, calls));
    } else {
      this.faultPlan = null;
      this.service = new TransferService(database, clock, observer);
    }
    this.identity = new IdentityService(database, clock);
    this.approvals = new ApprovalService(service, identity);
    this.endOfDay = new EndOfDayService(service, java.time.ZoneId.systemDefault());
    this.auditQueries = new AuditQueries(database, clock);
    this.receipts = new ReceiptService(service);
    this.io = Executors.newCachedThreadPool(daemon("transport-io"));
    ScheduledThreadPoolExecutor submissions =
        new ScheduledThreadPoolExecutor(1, daemon("submission-worker"));
    // On close, pending retries are dropped (they stay in doubt in the outbox), the running one
    // ends.
    submissions.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.worker = submissions;
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(daemon("housekeeping"));
    scheduleReplayCompaction();
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
      SqliteOutbox outbox, String ledgerId, Path databaseFile, Clock clock) {
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
      if (demoMode) {
        // A demonstration ledger gets the demo users (public passwords); a real one starts by
        // asking for its first administrator.
        DemoUsers.installIfNoUsers(db);
      }
      outbox = bindToLedger(outbox, db.ledgerId(), databaseFile, clock);
      return new AppContext(
          db, outbox, demoMode, clientSettings, clock, new Random(new SecureRandom().nextLong()));
    } catch (RuntimeException e) {
      db.close();
      outbox.close();
      throw e;
    }
  }

  public static AppContext open(AppConfig config) {
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
    DeskSession s = requireSession();
    AcknowledgementAudit.Report audit =
        new AcknowledgementAudit(s.outbox(), ledgerInquiry(), clock, s.actor().userId()).run();
    List<Outbox.OutboxEntry> inDoubt = s.outbox().inDoubt();
    CountDownLatch done = new CountDownLatch(inDoubt.size());
    AtomicInteger decided = new AtomicInteger();
    for (Outbox.OutboxEntry e : inDoubt) {
      RetryingSubmission r =
          new RetryingSubmission(
              s.client(),
              s.outbox(),
              START_UP_RETRIES,
              worker,
              random,
              clock,
              e.key(),
              e.request(),
              both(
                  new TimelineListener(timeline),
                  new RetryingSubmission.Listener() {
                    @Override
                    public void finished(RetryingSubmission.Final state, AttemptResult last) {
                      if (state == RetryingSubmission.Final.DECIDED) {
                        decided.incrementAndGet();
                      }
                      done.countDown();
                    }
                  }));
      r.resume();
    }
    try {
      done.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    int left = s.outbox().inDoubt().size();
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

  /**
   * Abandoning a transfer of the signed-on teller: the ledger fences its key first (see {@link
   * Abandonment}); the ledger records the signed-on user as who voided it.
   */
  public Abandonment abandonment() {
    DeskSession s = requireSession();
    return new Abandonment(ledgerInquiry(), s.outbox(), clock, s.actor().userId());
  }

  /**
   * The ledger as the signed-on teller's desk may ask it, here in the same process: about their own
   * keys, and the repairs of their own acknowledgements.
   */
  public LedgerInquiry ledgerInquiry() {
    return new LocalLedgerInquiry(service, queries, requireSession().actor());
  }

  /**
   * Starts the desk session of {@code actor} (after a sign-on): from now on transfers are sent as
   * them. A previous session is ended first ({@link #signOff}).
   */
  public synchronized void signedOn(Actor actor) {
    java.util.Objects.requireNonNull(actor, "actor");
    if (session != null) {
      signOff("another user (" + actor.userId() + ") signed on at this desk");
    }
    TransferTransport transport = new LocalTransport(service, actor, calls);
    if (faultPlan != null) {
      transport = new FaultInjectingTransport(transport, faultPlan, timeline);
    }
    TransferClient client = new TransferClient(transport, clientSettings.timeout(), io, clock);
    session =
        new DeskSession(
            actor,
            client,
            outbox.forTeller(actor.userId()),
            new java.util.concurrent.CopyOnWriteArrayList<>());
    log.info("Signed on: {}", actor.describe());
  }

  /**
   * Ends the desk session cleanly: the user's running submissions stop retrying (what is still
   * unknown stays in doubt in the desk store, theirs to resolve at their next sign-on), and the
   * sign-off is in the audit trail. Nothing is sent as them afterwards.
   */
  public synchronized void signOff(String why) {
    DeskSession s = session;
    if (s == null) {
      return;
    }
    session = null;
    for (RetryingSubmission r : s.running()) {
      r.stop();
    }
    try {
      identity.signOff(s.actor(), why);
    } catch (RuntimeException e) {
      log.warn("Sign-off of {} not recorded: {}", s.actor().userId(), e.toString());
    }
    log.info("Signed off: {} ({})", s.actor().describe(), why);
  }

  /** Who is signed on at this desk, or null. */
  public Actor actor() {
    DeskSession s = session;
    return s == null ? null : s.actor();
  }

  private DeskSession requireSession() {
    DeskSession s = session;
    if (s == null) {
      throw new IllegalStateException("Nobody is signed on at this desk.");
    }
    return s;
  }

  /**
   * A submission of one transfer intent, sent as the teller signed on now (for all its attempts).
   * Its key is the form's key; the timeline records every attempt alongside the caller's listener.
   */
  public RetryingSubmission newSubmission(
      IdempotencyKey key, TransferRequest request, RetryingSubmission.Listener listener) {
    DeskSession s = requireSession();
    RetryingSubmission r =
        new RetryingSubmission(
            s.client(),
            s.outbox(),
            clientSettings.retryPolicy(),
            worker,
            random,
            clock,
            key,
            request,
            both(new TimelineListener(timeline), listener));
    s.running().removeIf(RetryingSubmission::isFinished);
    s.running().add(r);
    return r;
  }

  private static RetryingSubmission.Listener both(
      RetryingSubmission.Listener a, RetryingSubmission.Listener b) {
    return new RetryingSubmission.Listener() {
      @Override
      public void attemptStarted(Envelope envelope, java.time.Instant at) {
        a.attemptStarted(envelope, at);
        b.attemptStarted(envelope, at);
      }

      @Override
      public void attemptFinished(AttemptResult result) {
        a.attemptFinished(result);
        b.attemptFinished(result);
      }

      @Override
      public void retryScheduled(int nextAttempt, Duration delay, java.time.Instant dueAt) {
        a.retryScheduled(nextAttempt, delay, dueAt);
        b.retryScheduled(nextAttempt, delay, dueAt);
      }

      @Override
      public void finished(RetryingSubmission.Final state, AttemptResult last) {
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

  public IdentityService identity() {
    return identity;
  }

  public ApprovalService approvals() {
    return approvals;
  }

  public EndOfDayService endOfDay() {
    return endOfDay;
  }

  public AuditQueries auditQueries() {
    return auditQueries;
  }

  public ReceiptService receipts() {
    return receipts;
  }

  /** This desk's in-doubt items of every teller, as the end of day asks for them. */
  public List<com.onceteller.domain.DeskItem> deskInDoubt() {
    return outbox.inDoubtOfEveryone().stream()
        .map(
            t ->
                new com.onceteller.domain.DeskItem(
                    t.tellerId(), t.entry().key(), t.entry().request()))
        .toList();
  }

  public LedgerQueries queries() {
    return queries;
  }

  public SqliteOutbox outbox() {
    return outbox;
  }

  /** The signed-on teller's client (sends as them). */
  public TransferClient client() {
    return requireSession().client();
  }

  /** The signed-on teller's view of the desk store. */
  public Outbox tellerOutbox() {
    return requireSession().outbox();
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
    signOff("the application closed");
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
      database.close();
    } finally {
      outbox.close();
    }
  }
}
