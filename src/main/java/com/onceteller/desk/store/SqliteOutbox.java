package com.onceteller.desk.store;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Outbox;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's own store: its outbox (every transfer intent, recorded before the first attempt),
 * every attempt, every acknowledged decision and the incidents an operator must see. A SQLite file
 * of its own, beside the ledger or in the desk's data folder, so that it shares none of the
 * ledger's failure modes: when the ledger loses a commit, the desk still knows what it sent and
 * what the teller was told.
 *
 * <ul>
 *   <li>WAL journal with {@code synchronous=FULL}: every write is a transaction that is on the
 *       device (WAL fsync) when the call returns;
 *   <li>{@code locking_mode=EXCLUSIVE}: one process owns the store while it is open;
 *   <li>append-only, enforced by triggers: submissions, acknowledgements and incidents are never
 *       deleted; attempts and incidents never change; an acknowledgement only gets its audit mark.
 * </ul>
 *
 * <p>Rules of {@link #pending}: a key already recorded with the same request goes back to PENDING
 * (a resent form). A different request under the same key is accepted only while the ledger cannot
 * hold that key: every answer so far was "invalid" or "not executed" and none was uncertain (a
 * corrected form). Otherwise it is refused with {@link OutboxException}.
 *
 * <p>Plain JDBC on one connection: the store is small, single-writer, and must not need the
 * ledger's Hibernate session factory (the ledger may be on a branch server).
 */
public final class SqliteOutbox implements Outbox, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqliteOutbox.class);

  /** The schema version this build writes ({@code PRAGMA user_version}). */
  static final int SCHEMA_VERSION = 2;

  private final Path file;
  private final Connection c;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();

  private SqliteOutbox(Path file, Connection c, Clock clock) {
    this.file = file;
    this.c = c;
    this.clock = clock;
  }

  /**
   * Opens (creating if needed) the desk store at {@code file}.
   *
   * @throws OutboxException with a message fit for a dialog when it cannot be opened (in use by
   *     another OnceTeller, damaged, newer, not writable)
   */
  public static SqliteOutbox open(Path file, Clock clock) {
    Objects.requireNonNull(file, "file");
    Connection c = null;
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = c.createStatement()) {
        st.execute("pragma locking_mode = exclusive");
        st.execute("pragma journal_mode = wal");
        st.execute("pragma synchronous = full");
        st.execute("pragma foreign_keys = on");
        // Takes the exclusive lock now, so a second OnceTeller on this desk store is refused here.
        st.execute("begin immediate");
        st.execute("commit");
      }
      migrate(c, file);
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("pragma quick_check")) {
        String verdict = rs.next() ? rs.getString(1) : "no answer";
        if (!"ok".equals(verdict)) {
          throw new OutboxException(
              "The desk store " + file + " is damaged (" + verdict + "); it was not changed.",
              null);
        }
      }
      c.setAutoCommit(false);
      return new SqliteOutbox(file, c, clock);
    } catch (OutboxException e) {
      closeQuietly(c);
      throw e;
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      closeQuietly(c);
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("SQLITE_BUSY") || msg.contains("database is locked")) {
        throw new OutboxException(
            "OnceTeller is already open on this desk's records ("
                + file
                + "). Close the other window first.",
            e);
      }
      throw new OutboxException(
          "The desk store " + file + " could not be opened (" + firstLine(msg) + ").", e);
    }
  }

  private static void migrate(Connection c, Path file) throws SQLException {
    int version;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("pragma user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > SCHEMA_VERSION) {
      throw new OutboxException(
          "The desk store "
              + file
              + " was written by a newer OnceTeller (version "
              + version
              + "); update OnceTeller to use it. It was not changed.",
          null);
    }
    if (version == SCHEMA_VERSION) {
      return;
    }
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      if (version < 1) {
        for (String sql : DeskSchema.V1) {
          st.execute(sql);
        }
      }
      if (version < 2) {
        for (String sql : DeskSchema.V2) {
          st.execute(sql);
        }
      }
      st.execute("pragma user_version = " + SCHEMA_VERSION);
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** The store's file. */
  public Path file() {
    return file;
  }

  /**
   * Binds this desk's records to a ledger: the first call records {@code ledgerId}; later calls
   * return whether it is the same ledger.
   */
  public boolean belongsTo(String ledgerId) {
    lock.lock();
    try {
      String known = null;
      try (PreparedStatement ps =
          c.prepareStatement("select value from desk_meta where name = 'ledger_id'")) {
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            known = rs.getString(1);
          }
        }
      }
      if (known == null) {
        update("insert into desk_meta (name, value) values ('ledger_id', ?)", ledgerId);
        c.commit();
        return true;
      }
      c.commit();
      return known.equals(ledgerId);
    } catch (SQLException e) {
      rollbackQuietly();
      throw new OutboxException(
          "The desk store could not be read (" + firstLine(e.getMessage()) + ").", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void pending(IdempotencyKey key, TransferRequest request, Instant at) {
    pendingFor(null, key, request, at);
  }

  /**
   * As {@link #pending}, recording whose submission it is ({@code tellerId}; null before sign-on).
   * A key already recorded for another teller is refused: on this desk a key is one intent.
   */
  public void pendingFor(String tellerId, IdempotencyKey key, TransferRequest request, Instant at) {
    requireKey(key);
    TransferRequest r = request == null ? new TransferRequest(null, null, 0, null, null) : request;
    String canonical = r.canonicalForm();
    String fingerprint = r.fingerprint();
    String when = iso(at == null ? clock.instant() : at);
    write(
        "record transfer " + key.shortForm(),
        () -> {
          Row s = find(key);
          if (s == null) {
            update(
                "insert into submission (idempotency_key, fingerprint, request_canonical, state,"
                    + " attempts, uncertain, created_at, updated_at, teller_id) values (?, ?, ?,"
                    + " 'PENDING', 0, 0, ?, ?, ?)",
                key.toString(),
                fingerprint,
                canonical,
                when,
                when,
                tellerId);
            return;
          }
          String owner = tellerInTransaction(key);
          if (owner != null && !owner.equals(tellerId)) {
            throw new OutboxException(
                "The transfer " + key.shortForm() + " is " + owner + "'s; nothing was sent.", null);
          }
          if (!s.fingerprint.equals(fingerprint) && !mayChangeRequest(s)) {
            throw new OutboxException(
                "The key "
                    + key
                    + " is already recorded for a different transfer ("
                    + describe(TransferRequest.fromCanonicalForm(s.canonical))
                    + ", "
                    + s.state.name().toLowerCase(Locale.ROOT)
                    + "). Start a new transfer for a different intent; nothing was sent.",
                null);
          }
          if (s.state == State.ABANDONED) {
            throw new OutboxException(
                "The transfer "
                    + key.shortForm()
                    + " was abandoned and its key voided in the ledger; it cannot be sent again.",
                null);
          }
          update(
              "update submission set fingerprint = ?, request_canonical = ?, state = 'PENDING',"
                  + " updated_at = ?, resolved_at = null where idempotency_key = ?",
              fingerprint,
              canonical,
              when,
              key.toString());
        });
  }

  /**
   * A different request may take over a key only while the ledger cannot hold that key: all answers
   * so far were "invalid" or "not executed", none was uncertain, and nothing was decided.
   */
  private static boolean mayChangeRequest(Row s) {
    if (s.uncertain || s.attempts == 0) {
      return false;
    }
    boolean harmless = "INVALID".equals(s.lastOutcome) || "NOT_EXECUTED".equals(s.lastOutcome);
    return harmless
        && (s.state == State.PENDING
            || (s.state == State.REFUSED && "INVALID".equals(s.lastOutcome)));
  }

  @Override
  public void attempted(IdempotencyKey key, AttemptResult result) {
    requireKey(key);
    Objects.requireNonNull(result, "result");
    write(
        "record attempt " + result.attempt() + " of " + key.shortForm(),
        () -> attemptRows(key, result));
  }

  @Override
  public void resolved(IdempotencyKey key, TransferOutcome outcome, Instant at) {
    requireKey(key);
    Objects.requireNonNull(outcome, "outcome");
    write("record the answer for " + key.shortForm(), () -> answerRows(key, outcome, at));
  }

  /**
   * The last attempt and its decision in one transaction: one sync to the device instead of two
   * before the teller sees the answer. Either both are recorded or neither (then the submission
   * stays pending and is resent with its key after a restart, which replays).
   */
  @Override
  public void attemptedAndResolved(
      IdempotencyKey key, AttemptResult result, TransferOutcome outcome, Instant at) {
    requireKey(key);
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(outcome, "outcome");
    write(
        "record attempt " + result.attempt() + " and the answer for " + key.shortForm(),
        () -> {
          attemptRows(key, result);
          answerRows(key, outcome, at);
        });
  }

  private void attemptRows(IdempotencyKey key, AttemptResult result) throws SQLException {
    Instant now = clock.instant();
    String code = OutcomeCodes.code(result);
    String text = OutcomeCodes.text(result);
    boolean uncertain = OutcomeCodes.uncertain(result);
    require(key);
    update(
        "update submission set attempts = attempts + 1, last_outcome = ?, last_result = ?,"
            + " uncertain = (uncertain or ?), updated_at = ? where idempotency_key = ?",
        code,
        text,
        uncertain ? 1 : 0,
        iso(now),
        key.toString());
    update(
        "insert into attempt (idempotency_key, attempt_no, started_at, took_millis,"
            + " answered, outcome, detail, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        key.toString(),
        result.attempt(),
        iso(result.startedAt() == null ? now : result.startedAt()),
        result.took() == null ? 0 : result.took().toMillis(),
        result instanceof AttemptResult.Answered ? 1 : 0,
        code,
        text,
        iso(now));
  }

  private void answerRows(IdempotencyKey key, TransferOutcome outcome, Instant at)
      throws SQLException {
    String when = iso(at == null ? clock.instant() : at);
    String code = OutcomeCodes.code(outcome);
    String text = OutcomeCodes.text(outcome);
    Row s = require(key);
    if (outcome instanceof TransferOutcome.Posted p) {
      resolve(key, State.POSTED, code, text, p.reference(), when);
      acknowledge(key, Decision.POSTED, p.reference(), p.request(), p.postedAt(), when);
    } else if (outcome instanceof TransferOutcome.Rejected r) {
      resolve(key, State.REJECTED, code, text, null, when);
      acknowledge(key, Decision.REJECTED, null, r.request(), r.decidedAt(), when);
    } else if (outcome instanceof TransferOutcome.Voided v) {
      resolve(key, State.ABANDONED, code, text, null, when);
      update(
          "update submission set abandoned_at = coalesce(abandoned_at, ?),"
              + " abandoned_by = coalesce(abandoned_by, ?),"
              + " abandon_reason = coalesce(abandon_reason, ?) where idempotency_key = ?",
          v.voidedAt() == null ? when : iso(v.voidedAt()),
          v.voidedBy() == null ? "unknown" : v.voidedBy(),
          v.reason() == null ? "" : v.reason(),
          key.toString());
      TransferRequest abandonedRequest =
          v.request() != null ? v.request() : TransferRequest.fromCanonicalForm(s.canonical);
      acknowledge(key, Decision.VOIDED, null, abandonedRequest, v.voidedAt(), when);
    } else if (outcome instanceof TransferOutcome.KeyReused k) {
      resolve(key, State.REFUSED, code, text, k.originalReference(), when);
    } else if (outcome instanceof TransferOutcome.Invalid) {
      if (s.state == State.PENDING) {
        resolve(key, State.REFUSED, code, text, null, when);
      } else {
        note(key, code, text, false, when);
      }
    } else {
      // Not a decision (in progress, not executed, unknown): stays as it was, answer noted.
      note(key, code, text, OutcomeCodes.uncertain(outcome), when);
    }
  }

  private void resolve(
      IdempotencyKey key, State state, String code, String text, String reference, String when)
      throws SQLException {
    update(
        "update submission set state = ?, last_outcome = ?, last_result = ?,"
            + " reference = coalesce(?, reference), resolved_at = ?, updated_at = ?"
            + " where idempotency_key = ?",
        state.name(),
        code,
        text,
        reference,
        when,
        when,
        key.toString());
  }

  private void note(IdempotencyKey key, String code, String text, boolean uncertain, String when)
      throws SQLException {
    update(
        "update submission set last_outcome = ?, last_result = ?, uncertain = (uncertain or ?),"
            + " updated_at = ? where idempotency_key = ?",
        code,
        text,
        uncertain ? 1 : 0,
        when,
        key.toString());
  }

  private void acknowledge(
      IdempotencyKey key,
      Decision decision,
      String reference,
      TransferRequest request,
      Instant decidedAt,
      String when)
      throws SQLException {
    // The first acknowledgement of a key stands: a replay later acknowledges the same decision.
    update(
        "insert or ignore into acknowledgement (idempotency_key, decision, reference,"
            + " request_canonical, decided_at, acknowledged_at) values (?, ?, ?, ?, ?, ?)",
        key.toString(),
        decision.name(),
        reference,
        request == null ? "" : request.canonicalForm(),
        decidedAt == null ? null : iso(decidedAt),
        when);
  }

  @Override
  public void abandoned(IdempotencyKey key, String reason, Instant at) {
    requireKey(key);
    if (reason == null || reason.isBlank()) {
      throw new OutboxException("Say why the transfer is abandoned; nothing was changed.", null);
    }
    String when = iso(at == null ? clock.instant() : at);
    write(
        "abandon " + key.shortForm(),
        () -> {
          Row s = require(key);
          if (s.state != State.PENDING) {
            throw new OutboxException(
                "The transfer "
                    + key.shortForm()
                    + " is not in doubt (it is "
                    + s.state.name().toLowerCase(Locale.ROOT)
                    + "); there is nothing to abandon.",
                null);
          }
          update(
              "update submission set state = 'ABANDONED', abandoned_at = ?, abandoned_by = ?,"
                  + " abandon_reason = ?, updated_at = ? where idempotency_key = ?",
              when,
              System.getProperty("user.name", "teller"),
              reason.strip(),
              when,
              key.toString());
        });
  }

  @Override
  public List<OutboxEntry> inDoubt() {
    return entries(
        "select * from submission where state = 'PENDING' order by created_at, rowid", null);
  }

  @Override
  public List<OutboxEntry> since(Instant since) {
    return entries(
        "select * from submission where created_at >= ? order by created_at desc, rowid desc",
        iso(since == null ? Instant.EPOCH : since));
  }

  /** Whose submission {@code key} is (null: made before sign-on, or unknown). */
  public String tellerOf(IdempotencyKey key) {
    return read(() -> tellerInTransaction(key));
  }

  private String tellerInTransaction(IdempotencyKey key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select teller_id from submission where idempotency_key = ?")) {
      ps.setString(1, key.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** In-doubt submissions of every teller on this desk, each with its teller (null: legacy). */
  public List<TellerEntry> inDoubtOfEveryone() {
    List<TellerEntry> out = new ArrayList<>();
    for (OutboxEntry e : inDoubt()) {
      out.add(new TellerEntry(tellerOf(e.key()), e));
    }
    return out;
  }

  /** A submission with the teller it belongs to (null for one made before sign-on). */
  public record TellerEntry(String tellerId, OutboxEntry entry) {}

  /**
   * This desk store as one teller sees it: what they send is recorded as theirs, and their in-doubt
   * list, journal and acknowledgements to audit are their own. Another teller's in-doubt items stay
   * for that teller (or a supervisor's sign-off): their keys are scoped to them.
   */
  public Outbox forTeller(String tellerId) {
    Objects.requireNonNull(tellerId, "tellerId");
    SqliteOutbox all = this;
    return new Outbox() {
      @Override
      public void pending(IdempotencyKey key, TransferRequest request, Instant at) {
        all.pendingFor(tellerId, key, request, at);
      }

      @Override
      public void attempted(IdempotencyKey key, AttemptResult result) {
        all.attempted(key, result);
      }

      @Override
      public void resolved(IdempotencyKey key, TransferOutcome outcome, Instant at) {
        all.resolved(key, outcome, at);
      }

      @Override
      public void attemptedAndResolved(
          IdempotencyKey key, AttemptResult result, TransferOutcome outcome, Instant at) {
        all.attemptedAndResolved(key, result, outcome, at);
      }

      @Override
      public void abandoned(IdempotencyKey key, String reason, Instant at) {
        all.abandoned(key, reason, at);
      }

      @Override
      public List<OutboxEntry> inDoubt() {
        return all.entries(
            "select * from submission where state = 'PENDING' and teller_id = ?"
                + " order by created_at, rowid",
            tellerId);
      }

      @Override
      public List<OutboxEntry> since(Instant since) {
        return all.since(since).stream()
            .filter(e -> tellerId.equals(all.tellerOf(e.key())))
            .toList();
      }

      @Override
      public List<Acknowledgement> unaudited() {
        return all.unaudited().stream()
            .filter(a -> tellerId.equals(all.tellerOf(a.key())))
            .toList();
      }

      @Override
      public void audited(IdempotencyKey key, Instant at) {
        all.audited(key, at);
      }

      @Override
      public void incident(String kind, IdempotencyKey key, String detail, Instant at) {
        all.incident(kind, key, detail, at);
      }

      @Override
      public List<Incident> incidents(Instant since) {
        return all.incidents(since);
      }
    };
  }

  /** Every submission's state, for checks (kill test, audit): key, state, reference. */
  public List<OutboxEntry> all() {
    return entries("select * from submission order by created_at, rowid", null);
  }

  @Override
  public List<Acknowledgement> unaudited() {
    return read(
        () -> {
          List<Acknowledgement> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "select * from acknowledgement where audited_at is null"
                          + " order by acknowledged_at, rowid");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(ack(rs));
            }
          }
          return out;
        });
  }

  /** Every acknowledgement (for checks), oldest first. */
  public List<Acknowledgement> acknowledgements() {
    return read(
        () -> {
          List<Acknowledgement> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("select * from acknowledgement order by rowid");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(ack(rs));
            }
          }
          return out;
        });
  }

  private static Acknowledgement ack(ResultSet rs) throws SQLException {
    String canonical = rs.getString("request_canonical");
    return new Acknowledgement(
        IdempotencyKey.parse(rs.getString("idempotency_key")),
        Decision.valueOf(rs.getString("decision")),
        rs.getString("reference"),
        canonical == null || canonical.isEmpty()
            ? null
            : TransferRequest.fromCanonicalForm(canonical),
        instant(rs.getString("decided_at")),
        instant(rs.getString("acknowledged_at")));
  }

  @Override
  public void audited(IdempotencyKey key, Instant at) {
    requireKey(key);
    String when = iso(at == null ? clock.instant() : at);
    write(
        "mark " + key.shortForm() + " audited",
        () ->
            update(
                "update acknowledgement set audited_at = ? where idempotency_key = ?"
                    + " and audited_at is null",
                when,
                key.toString()));
  }

  @Override
  public void incident(String kind, IdempotencyKey key, String detail, Instant at) {
    String when = iso(at == null ? clock.instant() : at);
    write(
        "record an incident",
        () ->
            update(
                "insert into incident (kind, idempotency_key, detail, recorded_at)"
                    + " values (?, ?, ?, ?)",
                kind,
                key == null ? null : key.toString(),
                detail,
                when));
    log.error("Incident {} ({}): {}", kind, key, detail);
  }

  @Override
  public List<Incident> incidents(Instant since) {
    return read(
        () -> {
          List<Incident> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select * from incident where recorded_at >= ? order by id desc")) {
            ps.setString(1, iso(since == null ? Instant.EPOCH : since));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String k = rs.getString("idempotency_key");
                out.add(
                    new Incident(
                        rs.getLong("id"),
                        rs.getString("kind"),
                        k == null ? null : IdempotencyKey.parse(k),
                        rs.getString("detail"),
                        instant(rs.getString("recorded_at"))));
              }
            }
          }
          return out;
        });
  }

  /** The attempts recorded for {@code key}: attempt number and outcome code, oldest first. */
  public List<String> attemptOutcomes(IdempotencyKey key) {
    return read(
        () -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select attempt_no, outcome from attempt where idempotency_key = ?"
                      + " order by id")) {
            ps.setString(1, key.toString());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getInt(1) + ":" + rs.getString(2));
              }
            }
          }
          return out;
        });
  }

  private List<OutboxEntry> entries(String sql, String param) {
    return read(
        () -> {
          List<OutboxEntry> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
              ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Row r = row(rs);
                out.add(
                    new OutboxEntry(
                        r.key,
                        TransferRequest.fromCanonicalForm(r.canonical),
                        r.createdAt,
                        r.state,
                        r.attempts,
                        r.lastResult,
                        r.reference));
              }
            }
          }
          return out;
        });
  }

  /** A submission row. */
  private record Row(
      IdempotencyKey key,
      String fingerprint,
      String canonical,
      State state,
      int attempts,
      String lastOutcome,
      String lastResult,
      boolean uncertain,
      String reference,
      Instant createdAt) {}

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(
        IdempotencyKey.parse(rs.getString("idempotency_key")),
        rs.getString("fingerprint"),
        rs.getString("request_canonical"),
        State.valueOf(rs.getString("state")),
        rs.getInt("attempts"),
        rs.getString("last_outcome"),
        rs.getString("last_result"),
        rs.getInt("uncertain") != 0,
        rs.getString("reference"),
        instant(rs.getString("created_at")));
  }

  private Row find(IdempotencyKey key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select * from submission where idempotency_key = ?")) {
      ps.setString(1, key.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  private Row require(IdempotencyKey key) throws SQLException {
    Row r = find(key);
    if (r == null) {
      throw new OutboxException("The transfer " + key + " is not in the outbox.", null);
    }
    return r;
  }

  private void update(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  /** Work inside one transaction. */
  private interface Work {
    void run() throws SQLException;
  }

  /** A read. */
  private interface Read<T> {
    T run() throws SQLException;
  }

  /** One transaction, committed (and so on the device: synchronous=FULL) before it returns. */
  private void write(String what, Work work) {
    lock.lock();
    try {
      try {
        work.run();
        c.commit();
      } catch (OutboxException e) {
        rollbackQuietly();
        throw e;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly();
        log.warn("Desk store could not {}: {}", what, e.toString());
        throw new OutboxException(
            "The desk store could not " + what + " (" + firstLine(e.getMessage()) + ").", e);
      }
    } finally {
      lock.unlock();
    }
  }

  private <T> T read(Read<T> work) {
    lock.lock();
    try {
      T result = work.run();
      c.commit(); // ends the read transaction
      return result;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      throw new OutboxException(
          "The desk store could not be read (" + firstLine(e.getMessage()) + ").", e);
    } finally {
      lock.unlock();
    }
  }

  private void rollbackQuietly() {
    try {
      c.rollback();
    } catch (SQLException e) {
      log.debug("Desk store rollback failed", e);
    }
  }

  private static void requireKey(IdempotencyKey key) {
    if (key == null) {
      throw new OutboxException("A transfer needs its idempotency key to be recorded.", null);
    }
  }

  /** Fixed width, so that text order is time order in SQL comparisons. */
  private static final java.time.format.DateTimeFormatter ISO =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  private static String iso(Instant i) {
    return ISO.format(i);
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }

  private static String describe(TransferRequest r) {
    return r.amountMinor()
        + " minor units of "
        + (r.currency() == null || r.currency().isEmpty() ? "?" : r.currency())
        + " from "
        + r.fromAccount()
        + " to "
        + r.toAccount();
  }

  private static String firstLine(String s) {
    String t = String.valueOf(s);
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("Closing the desk store failed", e);
      }
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      c.close();
    } catch (SQLException e) {
      log.warn("Closing the desk store {}: {}", file, e.toString());
    } finally {
      lock.unlock();
    }
  }
}
