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
import com.onceteller.desk.client.DeskApprovals;
import com.onceteller.desk.client.DeskAudit;
import com.onceteller.desk.client.DeskEndOfDay;
import com.onceteller.desk.client.DeskIdentity;
import com.onceteller.desk.client.DeskReceipts;
import com.onceteller.desk.client.DeskReversals;
import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.LedgerInquiry;
import com.onceteller.desk.client.LocalDeskApprovals;
import com.onceteller.desk.client.LocalDeskAudit;
import com.onceteller.desk.client.LocalDeskEndOfDay;
import com.onceteller.desk.client.LocalDeskIdentity;
import com.onceteller.desk.client.LocalDeskReceipts;
import com.onceteller.desk.client.LocalDeskReversals;
import com.onceteller.desk.client.LocalLedgerInquiry;
import com.onceteller.desk.client.LocalTransport;
import com.onceteller.desk.client.Outbox;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.client.RetryingSubmission;
import com.onceteller.desk.client.TransferClient;
import com.onceteller.desk.client.TransferTransport;
import com.onceteller.desk.remote.BranchConnection;
import com.onceteller.desk.remote.HttpDeskApprovals;
import com.onceteller.desk.remote.HttpDeskAudit;
import com.onceteller.desk.remote.HttpDeskEndOfDay;
import com.onceteller.desk.remote.HttpDeskIdentity;
import com.onceteller.desk.remote.HttpDeskReceipts;
import com.onceteller.desk.remote.HttpDeskReversals;
import com.onceteller.desk.remote.HttpLedgerInquiry;
import com.onceteller.desk.remote.HttpLedgerReads;
import com.onceteller.desk.remote.HttpTransport;
import com.onceteller.desk.remote.PinnedCertificate;
import com.onceteller.desk.remote.ServerSteps;
import com.onceteller.desk.store.SqliteOutbox;
import com.onceteller.desk.timeline.EventKind;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.desk.timeline.TimelineListener;
import com.onceteller.desk.timeline.TimelineServiceObserver;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.LedgerReads;
import com.onceteller.domain.SignOnResult;
import com.onceteller.domain.TransferRequest;
import com.onceteller.domain.TransferSummary;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>A desk works on its embedded ledger ({@link #open}) or through a branch server ({@link
 * #connect}). Either way the teller signs on first ({@link #identity()}), and {@link #signedOn}
 * starts their desk session: with an embedded ledger the session's transport and ledger inquiry
 * call the service in this process as that actor; with a branch server they are HTTPS requests made
 * as that user (HTTP Basic with the password they signed on with), and the server hands the same
 * {@link Actor} to the same service.
 */
public final class AppContext implements AutoCloseable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AppContext.class);

  /** How the client behaves; tests shorten the timeout and the backoff. */
  public record ClientSettings(Duration timeout, RetryPolicy retryPolicy) {
    public static final ClientSettings DEFAULT =
        new ClientSettings(Duration.ofSeconds(3), RetryPolicy.DEFAULT);
  }

  /**
   * Where and how a desk reaches its branch server ({@code --server}).
   *
   * @param url {@code https://branch:8443}
   * @param pinnedCertificate the branch's certificate (null for plain HTTP on loopback)
   * @param tellerId the user id the sign-on screen proposes ({@code --teller}); who posts is
   *     whoever signs on
   * @param deskStore this desk's own store (outbox, acknowledgements) for that branch
   */
  public record ServerSettings(URI url, Path pinnedCertificate, String tellerId, Path deskStore) {}

  private final Database database;
  private final TransferService service;
  private final IdentityService identity;
  private final DeskIdentity deskIdentity;
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

  /** The branch server (without a teller) when the desk posts through one; null when embedded. */
  private final BranchConnection branch;

  /**
   * What the desktop reads: the embedded ledger's queries, or the signed-on teller's at the branch.
   */
  private final LedgerReads reads;

  /**
   * With a branch server: the password each user signed on with at this desk, until their session
   * starts ({@link #signedOn}) and while it lasts; the requests of the session are made with it.
   */
  private final Map<String, char[]> passwords = new ConcurrentHashMap<>();

  /**
   * With a branch server: the session token each user got at sign-on ({@code POST /v1/sign-on});
   * the desk sends it instead of the password and keeps no password for that user. Cleared at
   * sign-off, when the branch ends the session.
   */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  /** Who is signed on at this desk and what acts for them; null while nobody is. */
  private volatile DeskSession session;

  /**
   * The signed-on teller's part of the desk: a transport and client that act as them, the ledger as
   * they may ask it (and read it), their view of the desk store, and their submissions still
   * running (stopped when they sign off). {@code branch}: their connection to the branch server, or
   * null.
   */
  private record DeskSession(
      Actor actor,
      TransferClient client,
      LedgerInquiry inquiry,
      LedgerReads reads,
      Outbox outbox,
      BranchConnection branch,
      List<RetryingSubmission> running,
      String token) {}

  /** A desk on its embedded ledger. */
  private AppContext(
      Database database,
      SqliteOutbox outbox,
      boolean demoMode,
      ClientSettings clientSettings,
      Clock clock,
      RandomGenerator random) {
    this.database = database;
    this.branch = null;
    this.demoMode = demoMode;
    this.clientSettings = clientSettings;
    this.clock = clock;
    this.random = random;
    this.timeline = new Timeline(clock);
    this.queries = new LedgerQueries(database);
    this.reads = queries;
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
    this.deskIdentity = new LocalDeskIdentity(identity);
    this.approvals = new ApprovalService(service, identity);
    this.endOfDay = new EndOfDayService(service, java.time.ZoneId.systemDefault());
    this.auditQueries = new AuditQueries(database, clock);
    this.receipts = new ReceiptService(service);
    this.io = Executors.newCachedThreadPool(daemon("transport-io"));
    this.worker = submissionWorker();
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(daemon("housekeeping"));
    scheduleReplayCompaction();
  }

  /**
   * A desk of a branch server: no ledger in this process ({@link #database()}, {@link #service()},
   * {@link #queries()} and the teller-control services are null); sign-on, transfers, the ledger
   * inquiry and the read side go to the server, as the signed-on user.
   */
  private AppContext(
      BranchConnection branch,
      SqliteOutbox outbox,
      boolean demoMode,
      ClientSettings clientSettings,
      Clock clock,
      RandomGenerator random) {
    this.database = null;
    this.service = null;
    this.identity = null;
    this.approvals = null;
    this.endOfDay = null;
    this.auditQueries = null;
    this.receipts = null;
    this.queries = null;
    this.branch = branch;
    this.demoMode = demoMode;
    this.clientSettings = clientSettings;
    this.clock = clock;
    this.random = random;
    this.timeline = new Timeline(clock);
    this.outbox = outbox;
    this.calls = new CallsInService();
    // A demonstration against a branch fails the network only (the fault proxy does the rest).
    this.faultPlan = demoMode ? new FaultPlan() : null;
    this.deskIdentity = new HttpDeskIdentity(branch, this::branchOf, tokens::put);
    this.reads = new SessionReads();
    this.io = Executors.newCachedThreadPool(daemon("transport-io"));
    this.worker = submissionWorker();
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(daemon("housekeeping"));
  }

  private ScheduledExecutorService submissionWorker() {
    ScheduledThreadPoolExecutor submissions =
        new ScheduledThreadPoolExecutor(1, daemon("submission-worker"));
    // On close, pending retries are dropped (they stay in doubt in the outbox), the running one
    // ends.
    submissions.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return submissions;
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
    if (config.server() != null) {
      // A desk of a branch server: demonstrations there go through the fault proxy instead.
      return connect(config.server(), false, ClientSettings.DEFAULT);
    }
    return open(config.databaseFile(), config.demoMode(), ClientSettings.DEFAULT);
  }

  /**
   * A desk that posts through the branch server: its own store (outbox, acknowledgements) stays on
   * the desk, bound to the branch's ledger; sign-on, transfers, the ledger inquiry and the read
   * side are HTTPS, TLS pinned to the branch's certificate. Fails when the branch cannot be reached
   * (the desk must know which ledger its records belong to before it sends anything).
   */
  public static AppContext connect(
      ServerSettings server, boolean demoMode, ClientSettings clientSettings) {
    Clock clock = Clock.systemUTC();
    BranchConnection branch =
        new BranchConnection(
            server.url(),
            server.pinnedCertificate() == null
                ? null
                : PinnedCertificate.load(server.pinnedCertificate()),
            Duration.ofSeconds(2),
            // The client's own timeout is the real one; the HTTP one only frees the connection.
            clientSettings.timeout().plusSeconds(1));
    String ledgerId = new HttpLedgerInquiry(branch).ledgerId();
    SqliteOutbox outbox = SqliteOutbox.open(server.deskStore(), clock);
    try {
      outbox = bindToLedger(outbox, ledgerId, server.url(), clock);
      return new AppContext(
          branch,
          outbox,
          demoMode,
          clientSettings,
          clock,
          new Random(new SecureRandom().nextLong()));
    } catch (RuntimeException e) {
      outbox.close();
      throw e;
    }
  }

  /** True when this desk posts through a branch server. */
  public boolean remote() {
    return branch != null;
  }

  /**
   * The connection of the signed-on {@code actor} to the branch (their credentials); with {@code
   * password}, the password they just gave again (a screen unlock) replaces the one kept.
   */
  private BranchConnection branchOf(Actor actor, char[] password) {
    if (password != null && tokens.containsKey(actor.userId())) {
      // In a session: the unlock was checked by the branch; the desk keeps no password.
      DeskSession s = session;
      return s != null && s.actor().equals(actor) ? s.branch() : null;
    }
    if (password != null) {
      char[] old = passwords.put(actor.userId(), password.clone());
      if (old != null) {
        Arrays.fill(old, '\0');
      }
      DeskSession s = session;
      if (s != null && s.actor().equals(actor)) {
        return s.branch();
      }
      return null;
    }
    DeskSession s = session;
    if (s != null && s.actor().userId().equals(actor.userId())) {
      return s.branch();
    }
    String token = tokens.get(actor.userId());
    if (token != null) {
      return branch.inSession(actor.userId(), token, actor.workstation());
    }
    char[] pw = passwords.get(actor.userId());
    return pw == null ? null : branch.as(actor.userId(), pw, actor.workstation());
  }

  /** Puts what the branch server reported (Server-Timing) on the Service and Database lanes. */
  private void drawServerSteps(ServerSteps s) {
    Envelope e = s.attempt();
    Map<String, Double> ms = s.millis();
    if (ms.isEmpty()) {
      return;
    }
    timeline.record(e, EventKind.RECEIVED, "on the branch server");
    if (ms.containsKey("claim")) {
      timeline.record(
          e, EventKind.KEY_CLAIMED, e.key().shortForm() + " (" + ms.get("claim") + " ms)");
    }
    if (ms.containsKey("decide")) {
      timeline.record(e, EventKind.POSTINGS_WRITTEN, ms.get("decide") + " ms");
    }
    if (ms.containsKey("commit")) {
      timeline.record(e, EventKind.COMMITTED, s.outcome());
    } else if (ms.containsKey("replay")) {
      timeline.record(e, EventKind.REPLAYED, s.outcome());
    }
  }

  /** The read side of a branch desk: the signed-on teller's, at the branch. */
  private final class SessionReads implements LedgerReads {
    private LedgerReads now() {
      return requireSession().reads();
    }

    @Override
    public List<AccountSummary> accounts() {
      return now().accounts();
    }

    @Override
    public Optional<AccountSummary> account(String number) {
      return now().account(number);
    }

    @Override
    public List<AccountSummary> searchAccounts(String text, int limit) {
      return now().searchAccounts(text, limit);
    }

    @Override
    public Map<String, Long> totalsByCurrency() {
      return now().totalsByCurrency();
    }

    @Override
    public List<TransferSummary> journal(Instant since, String search, int limit) {
      return now().journal(since, search, limit);
    }

    @Override
    public long countTransfersForKey(UUID key) {
      return now().countTransfersForKey(key);
    }
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
   * The ledger as the signed-on teller's desk may ask it (in this process, or at the branch server
   * as them): about their own keys, and the repairs of their own acknowledgements.
   */
  public LedgerInquiry ledgerInquiry() {
    return requireSession().inquiry();
  }

  /**
   * Starts the desk session of {@code actor} (after a sign-on through {@link #identity()}): from
   * now on transfers are sent as them — into the embedded service, or to the branch server as that
   * user. A previous session is ended first ({@link #signOff}).
   *
   * @throws IllegalStateException at a branch desk, when {@code actor} has not signed on through
   *     {@link #identity()} (the desk has no password to send as them)
   */
  public synchronized void signedOn(Actor actor) {
    java.util.Objects.requireNonNull(actor, "actor");
    BranchConnection as = null;
    if (branch != null) {
      String token = tokens.get(actor.userId());
      char[] pw = passwords.get(actor.userId());
      if (token == null && pw == null) {
        throw new IllegalStateException(
            actor.userId() + " has not signed on at the branch server from this desk.");
      }
      as =
          token != null
              ? branch.inSession(actor.userId(), token, actor.workstation())
              : branch.as(actor.userId(), pw, actor.workstation());
    }
    if (session != null) {
      signOff("another user (" + actor.userId() + ") signed on at this desk");
    }
    TransferTransport transport;
    LedgerInquiry inquiry;
    LedgerReads sessionReads;
    if (as == null) {
      transport = new LocalTransport(service, actor, calls);
      inquiry = new LocalLedgerInquiry(service, queries, actor);
      sessionReads = queries;
    } else {
      transport = new HttpTransport(as, this::drawServerSteps);
      inquiry = new HttpLedgerInquiry(as);
      sessionReads = new HttpLedgerReads(as);
    }
    if (faultPlan != null) {
      transport = new FaultInjectingTransport(transport, faultPlan, timeline);
    }
    TransferClient client = new TransferClient(transport, clientSettings.timeout(), io, clock);
    session =
        new DeskSession(
            actor,
            client,
            inquiry,
            sessionReads,
            outbox.forTeller(actor.userId()),
            as,
            new java.util.concurrent.CopyOnWriteArrayList<>(),
            branch == null ? null : tokens.get(actor.userId()));
    log.info("Signed on: {}{}", actor.describe(), as == null ? "" : " at " + branch.base());
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
      // At a branch desk this is a request made as them (their session ends at the branch).
      if (s.branch() != null && deskIdentity instanceof HttpDeskIdentity h) {
        h.signOff(s.branch(), s.actor(), why);
      } else {
        deskIdentity.signOff(s.actor(), why);
      }
    } catch (RuntimeException e) {
      log.warn("Sign-off of {} not recorded: {}", s.actor().userId(), e.toString());
    }
    char[] pw = passwords.remove(s.actor().userId());
    if (pw != null) {
      Arrays.fill(pw, '\0');
    }
    if (s.token() != null) {
      tokens.remove(s.actor().userId(), s.token());
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

  /** The embedded ledger's identity service; null at a branch desk (use {@link #identity()}). */
  public IdentityService identityService() {
    return identity;
  }

  /**
   * Sign-on and the rest of who may use this desk: the embedded ledger's, or the branch server's.
   * At a branch desk a successful sign-on keeps the password for the session that {@link #signedOn}
   * starts (its requests are made with it) until that user signs off.
   */
  public DeskIdentity identity() {
    if (branch == null) {
      return deskIdentity;
    }
    return new DeskIdentity() {
      @Override
      public SignOnResult signOn(String userId, char[] password, String workstation) {
        SignOnResult r = deskIdentity.signOn(userId, password, workstation);
        if (r instanceof SignOnResult.SignedOn s && tokens.containsKey(s.actor().userId())) {
          // The branch started a session: its token stands in for the password, which the desk
          // does not keep.
          char[] old = passwords.remove(s.actor().userId());
          if (old != null) {
            Arrays.fill(old, '\0');
          }
        } else if (r instanceof SignOnResult.SignedOn s) {
          char[] old = passwords.put(s.actor().userId(), password.clone());
          if (old != null) {
            Arrays.fill(old, '\0');
          }
        }
        return r;
      }

      @Override
      public boolean needsFirstAdministrator() {
        return deskIdentity.needsFirstAdministrator();
      }

      @Override
      public boolean hasDemoUsers() {
        return deskIdentity.hasDemoUsers();
      }

      @Override
      public SignOnResult.SignedOn createFirstAdministrator(
          String userId, String displayName, char[] password, String workstation) {
        return deskIdentity.createFirstAdministrator(userId, displayName, password, workstation);
      }

      @Override
      public SignOnResult authenticateSupervisor(
          String userId, char[] password, String workstation, String forWhat) {
        return deskIdentity.authenticateSupervisor(userId, password, workstation, forWhat);
      }

      @Override
      public boolean unlockScreen(Actor actor, char[] password) {
        return deskIdentity.unlockScreen(actor, password);
      }

      @Override
      public void screenLocked(Actor actor, String why) {
        deskIdentity.screenLocked(actor, why);
      }

      @Override
      public void signOff(Actor actor, String why) {
        deskIdentity.signOff(actor, why);
      }
    };
  }

  public ApprovalService approvals() {
    return approvals;
  }

  /**
   * Approvals as the desk works them: the embedded ledger's {@code ApprovalService}, or the branch
   * API made as the signed-on user (over the shoulder: as the supervisor who typed their
   * credentials here).
   */
  public DeskApprovals deskApprovals() {
    return branch == null
        ? new LocalDeskApprovals(approvals)
        : new HttpDeskApprovals(branch, a -> branchOf(a, null));
  }

  /** End of day as the desk does it: the embedded ledger's services, or the branch API. */
  public DeskEndOfDay deskEndOfDay() {
    return branch == null
        ? new LocalDeskEndOfDay(endOfDay, service, identity)
        : new HttpDeskEndOfDay(branch, a -> branchOf(a, null));
  }

  /** Reversals as the desk sends them: the embedded ledger's services, or the branch API. */
  public DeskReversals deskReversals() {
    return branch == null
        ? new LocalDeskReversals(service, queries)
        : new HttpDeskReversals(a -> branchOf(a, null));
  }

  /** Receipts as the desk issues them: the embedded ledger's service, or the branch API. */
  public DeskReceipts deskReceipts() {
    return branch == null
        ? new LocalDeskReceipts(receipts)
        : new HttpDeskReceipts(a -> branchOf(a, null));
  }

  /** The audit trail as the desk reads it: the embedded ledger's queries, or the branch API. */
  public DeskAudit deskAudit() {
    return branch == null
        ? new LocalDeskAudit(auditQueries)
        : new HttpDeskAudit(a -> branchOf(a, null));
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

  /** The embedded ledger's queries; null at a branch desk (the desktop reads {@link #reads()}). */
  public LedgerQueries queries() {
    return queries;
  }

  /**
   * What the desktop reads (accounts, journal): the embedded ledger, or the branch as the teller.
   */
  public LedgerReads reads() {
    return reads;
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
      if (database != null) {
        database.close();
      }
    } finally {
      outbox.close();
    }
  }
}
