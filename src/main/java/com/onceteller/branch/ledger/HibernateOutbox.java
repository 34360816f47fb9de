package com.onceteller.branch.ledger;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.Outbox;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's outbox in tables {@code outbox_submission} and {@code outbox_attempt} of the ledger
 * file. Every call is its own transaction, committed and then synced to the device ({@link
 * Database#durabilityBarrier}) before it returns, so a submission recorded by {@link #pending} is
 * known after a process kill or a power cut, before its first attempt is sent.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>{@link #pending} with a key already recorded and the same request puts it back to PENDING
 *       (a resent form). A different request under the same key is accepted only when the ledger
 *       cannot hold that key yet: every answer so far was "invalid" or "not executed" and none was
 *       uncertain (a corrected form). Otherwise it is refused with {@link OutboxException}.
 *   <li>Abandoning is allowed only for a submission still in doubt; it records who, why and when,
 *       and keeps the row. A later answer from the ledger (a resend) still overrides the state,
 *       because the ledger is the truth; the abandon record stays.
 *   <li>Nothing is ever deleted.
 * </ul>
 */
public final class HibernateOutbox implements Outbox {

  private static final Logger log = LoggerFactory.getLogger(HibernateOutbox.class);

  private final Database database;
  private final SessionFactory sessionFactory;
  private final Clock clock;
  private final String operator;

  /**
   * @param operator who is at the screen (recorded when a submission is abandoned)
   */
  public HibernateOutbox(Database database, Clock clock, String operator) {
    this.database = Objects.requireNonNull(database, "database");
    this.sessionFactory = database.sessionFactory();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.operator = operator == null || operator.isBlank() ? "unknown operator" : operator.strip();
  }

  /** An outbox recording the operating-system user as the operator. */
  public HibernateOutbox(Database database) {
    this(database, Clock.systemUTC(), System.getProperty("user.name"));
  }

  @Override
  public void pending(IdempotencyKey key, TransferRequest request, Instant at) {
    requireKey(key);
    TransferRequest r = request == null ? new TransferRequest(null, null, 0, null, null) : request;
    String canonical = r.canonicalForm();
    if (canonical.length() > OutboxSubmission.MAX_REQUEST) {
      throw new OutboxException(
          "The transfer form is too large to be recorded ("
              + canonical.length()
              + " characters); nothing was sent.",
          null);
    }
    String fingerprint = r.fingerprint();
    Instant when = at == null ? clock.instant() : at;
    write(
        "record transfer " + key.shortForm(),
        session -> {
          OutboxSubmission s = find(session, key);
          if (s == null) {
            session.persist(new OutboxSubmission(key.value(), fingerprint, canonical, when));
            return null;
          }
          if (!s.getFingerprint().equals(fingerprint) && !mayChangeRequest(s)) {
            throw new OutboxException(
                "The key "
                    + key
                    + " is already recorded for a different transfer ("
                    + describe(TransferRequest.fromCanonicalForm(s.getRequestCanonical()))
                    + ", "
                    + s.getState().name().toLowerCase(java.util.Locale.ROOT)
                    + "). Start a new transfer for a different intent; nothing was sent.",
                null);
          }
          s.resend(fingerprint, canonical, when);
          return null;
        });
  }

  /**
   * A different request may take over a key only while the ledger cannot hold that key: all answers
   * so far were "invalid" or "not executed", none was uncertain, and nothing was decided.
   */
  private static boolean mayChangeRequest(OutboxSubmission s) {
    if (s.isUncertain() || s.getAttempts() == 0) {
      return false;
    }
    String last = s.getLastOutcome();
    boolean harmless = "INVALID".equals(last) || "NOT_EXECUTED".equals(last);
    return harmless
        && (s.getState() == State.PENDING
            || (s.getState() == State.REFUSED && "INVALID".equals(last)));
  }

  @Override
  public void attempted(IdempotencyKey key, AttemptResult result) {
    requireKey(key);
    Objects.requireNonNull(result, "result");
    Instant now = clock.instant();
    String outcome = outcomeCode(result);
    String text = resultText(result);
    boolean uncertain = isUncertain(result);
    write(
        "record attempt " + result.attempt() + " of " + key.shortForm(),
        session -> {
          OutboxSubmission s = require(session, key);
          s.recordAttempt(outcome, text, uncertain, now);
          session.persist(
              new OutboxAttempt(
                  s,
                  result.attempt(),
                  result.startedAt() == null ? now : result.startedAt(),
                  result.took() == null ? 0 : result.took().toMillis(),
                  result instanceof AttemptResult.Answered,
                  outcome,
                  text,
                  now));
          return null;
        });
  }

  @Override
  public void resolved(IdempotencyKey key, TransferOutcome outcome, Instant at) {
    requireKey(key);
    Objects.requireNonNull(outcome, "outcome");
    Instant when = at == null ? clock.instant() : at;
    String code = outcomeCode(outcome);
    String text = outcomeText(outcome);
    write(
        "record the answer for " + key.shortForm(),
        session -> {
          OutboxSubmission s = require(session, key);
          if (outcome instanceof TransferOutcome.Posted p) {
            s.resolve(State.POSTED, code, text, p.reference(), when);
          } else if (outcome instanceof TransferOutcome.Rejected) {
            s.resolve(State.REJECTED, code, text, null, when);
          } else if (outcome instanceof TransferOutcome.KeyReused k) {
            s.resolve(State.REFUSED, code, text, k.originalReference(), when);
          } else if (outcome instanceof TransferOutcome.Voided v) {
            // The ledger fenced the key (an abandon, maybe from another desk): final, never posts.
            if (s.getState() == State.PENDING) {
              s.abandon(v.voidedBy(), v.reason(), when);
            }
            s.noteAnswer(code, text, false, when);
          } else if (outcome instanceof TransferOutcome.Invalid) {
            if (s.getState() == State.PENDING) {
              s.resolve(State.REFUSED, code, text, null, when);
            } else {
              s.noteAnswer(code, text, false, when);
            }
          } else {
            // Not a decision (in progress, not executed, unknown): stays as it was.
            s.noteAnswer(code, text, !(outcome instanceof TransferOutcome.NotExecuted), when);
          }
          return null;
        });
  }

  @Override
  public void abandoned(IdempotencyKey key, String reason, Instant at) {
    requireKey(key);
    if (reason == null || reason.isBlank()) {
      throw new OutboxException("Say why the transfer is abandoned; nothing was changed.", null);
    }
    Instant when = at == null ? clock.instant() : at;
    write(
        "abandon " + key.shortForm(),
        session -> {
          OutboxSubmission s = require(session, key);
          if (s.getState() != State.PENDING) {
            throw new OutboxException(
                "The transfer "
                    + key.shortForm()
                    + " is not in doubt (it is "
                    + s.getState().name().toLowerCase(java.util.Locale.ROOT)
                    + "); there is nothing to abandon.",
                null);
          }
          s.abandon(operator, reason.strip(), when);
          log.info("Outbox: {} abandoned by {}: {}", key, operator, reason.strip());
          return null;
        });
  }

  @Override
  public List<OutboxEntry> inDoubt() {
    return read(
        session ->
            session
                .createSelectionQuery(
                    "from OutboxSubmission s where s.state = :state order by s.createdAt, s.id",
                    OutboxSubmission.class)
                .setParameter("state", State.PENDING)
                .getResultList()
                .stream()
                .map(HibernateOutbox::entry)
                .toList());
  }

  @Override
  public List<OutboxEntry> since(Instant since) {
    Instant from = since == null ? Instant.EPOCH : since;
    return read(
        session ->
            session
                .createSelectionQuery(
                    "from OutboxSubmission s where s.createdAt >= :since"
                        + " order by s.createdAt desc, s.id desc",
                    OutboxSubmission.class)
                .setParameter("since", from)
                .getResultList()
                .stream()
                .map(HibernateOutbox::entry)
                .toList());
  }

  /** The attempts recorded for {@code key}, oldest first (for a details view and for tests). */
  public List<OutboxAttempt> attempts(IdempotencyKey key) {
    return read(
        session ->
            session
                .createSelectionQuery(
                    "from OutboxAttempt a where a.submission.key = :key order by a.id",
                    OutboxAttempt.class)
                .setParameter("key", key.value())
                .getResultList());
  }

  /** The full row for {@code key}, or null (abandon details, timestamps). */
  public OutboxSubmission submission(IdempotencyKey key) {
    return read(session -> find(session, key));
  }

  private static OutboxEntry entry(OutboxSubmission s) {
    return new OutboxEntry(
        new IdempotencyKey(s.getKey()),
        TransferRequest.fromCanonicalForm(s.getRequestCanonical()),
        s.getCreatedAt(),
        s.getState(),
        s.getAttempts(),
        s.getLastResult(),
        s.getReference());
  }

  private static OutboxSubmission find(Session session, IdempotencyKey key) {
    return session.bySimpleNaturalId(OutboxSubmission.class).load(key.value());
  }

  private static OutboxSubmission require(Session session, IdempotencyKey key) {
    OutboxSubmission s = find(session, key);
    if (s == null) {
      throw new OutboxException("The transfer " + key + " is not in the outbox.", null);
    }
    return s;
  }

  private static void requireKey(IdempotencyKey key) {
    if (key == null) {
      throw new OutboxException("A transfer needs its idempotency key to be recorded.", null);
    }
  }

  /** One committed transaction, then the sync to disk; any failure is an OutboxException. */
  private <T> T write(String what, Function<Session, T> work) {
    Session session = null;
    Transaction tx = null;
    try {
      session = sessionFactory.openSession();
      tx = session.beginTransaction();
      T result = work.apply(session);
      session.flush();
      tx.commit();
      session.doWork(database::durabilityBarrier);
      return result;
    } catch (OutboxException e) {
      rollbackQuietly(tx);
      throw e;
    } catch (RuntimeException e) {
      rollbackQuietly(tx);
      log.warn("Outbox could not {}: {}", what, e.toString());
      throw new OutboxException(
          "The outbox could not " + what + " (" + e.getClass().getSimpleName() + ").", e);
    } finally {
      if (session != null) {
        try {
          session.close();
        } catch (RuntimeException e) {
          log.debug("Closing an outbox session failed", e);
        }
      }
    }
  }

  private <T> T read(Function<Session, T> work) {
    try {
      return sessionFactory.fromSession(work::apply);
    } catch (RuntimeException e) {
      throw new OutboxException(
          "The outbox could not be read (" + e.getClass().getSimpleName() + ").", e);
    }
  }

  private static void rollbackQuietly(Transaction tx) {
    try {
      if (tx != null && tx.isActive()) {
        tx.rollback();
      }
    } catch (RuntimeException e) {
      log.debug("Outbox rollback failed", e);
    }
  }

  static String outcomeCode(AttemptResult r) {
    return r instanceof AttemptResult.Answered a ? outcomeCode(a.outcome()) : "NO_ANSWER";
  }

  static String outcomeCode(TransferOutcome o) {
    if (o instanceof TransferOutcome.Posted) {
      return "POSTED";
    } else if (o instanceof TransferOutcome.Rejected) {
      return "REJECTED";
    } else if (o instanceof TransferOutcome.KeyReused) {
      return "KEY_REUSED";
    } else if (o instanceof TransferOutcome.Voided) {
      return "VOIDED";
    } else if (o instanceof TransferOutcome.Invalid) {
      return "INVALID";
    } else if (o instanceof TransferOutcome.InProgress) {
      return "IN_PROGRESS";
    } else if (o instanceof TransferOutcome.NotExecuted) {
      return "NOT_EXECUTED";
    }
    return "OUTCOME_UNKNOWN";
  }

  private static boolean isUncertain(AttemptResult r) {
    if (r instanceof AttemptResult.Answered a) {
      return a.outcome() instanceof TransferOutcome.OutcomeUnknown
          || a.outcome() instanceof TransferOutcome.InProgress;
    }
    return true;
  }

  private static String resultText(AttemptResult r) {
    if (r instanceof AttemptResult.Answered a) {
      return outcomeText(a.outcome());
    }
    return "No answer: " + ((AttemptResult.NoAnswer) r).detail();
  }

  static String outcomeText(TransferOutcome o) {
    if (o instanceof TransferOutcome.Posted p) {
      return (p.replayed() ? "Already posted as " : "Posted as ") + p.reference();
    } else if (o instanceof TransferOutcome.Rejected r) {
      return "Rejected: " + r.message();
    } else if (o instanceof TransferOutcome.KeyReused k) {
      return "Key already used for a different transfer"
          + (k.originalReference() == null ? "" : " (" + k.originalReference() + ")");
    } else if (o instanceof TransferOutcome.Voided v) {
      return "Voided by " + v.voidedBy() + ": " + v.reason();
    } else if (o instanceof TransferOutcome.Invalid i) {
      return "Invalid: " + i.summary();
    } else if (o instanceof TransferOutcome.InProgress ip) {
      return "In progress: " + ip.message();
    } else if (o instanceof TransferOutcome.NotExecuted n) {
      return "Not executed: " + n.message();
    }
    return "Outcome unknown: " + ((TransferOutcome.OutcomeUnknown) o).message();
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
}
