package com.onceteller.branch.service;

import com.onceteller.branch.ledger.Account;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.IdempotencyRecord;
import com.onceteller.branch.ledger.Transfer;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.AccountStatus;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.domain.TransferValidator;
import jakarta.persistence.OptimisticLockException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StaleStateException;
import org.hibernate.Transaction;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes each transfer exactly once per idempotency key.
 *
 * <p>One transaction claims the key (insert into a unique index, flushed first), decides the
 * transfer against the ledger, writes balances, transfer and balanced journal entries, stores the
 * decision for replay, and commits; then the database is synced before the answer is returned. A
 * second attempt with the same key either waits on the unique index and replays the committed
 * decision, or is told "in progress". Nothing here knows about JavaFX or demonstrations.
 */
public final class TransferService {

  private static final Logger log = LoggerFactory.getLogger(TransferService.class);

  /**
   * How long an attempt waits for another attempt that is writing before answering "in progress".
   */
  private static final long WRITER_WAIT_MILLIS = 2_000;

  private static final int MAX_TRANSACTION_TRIES = 3;

  private final Database database;
  private final SessionFactory sessionFactory;
  private final Clock clock;
  private final ServiceObserver observer;
  private final String nextReferenceSql;

  /**
   * One writer at a time on an embedded H2 file: H2 keeps a store snapshot consistent per map, not
   * across maps, so postings are serialised. On PostgreSQL concurrency is left to the server.
   */
  private final Semaphore writer;

  /** Set when a sync after commit failed: replays then sync before they answer. */
  private volatile boolean unsynced;

  public TransferService(Database database, Clock clock, ServiceObserver observer) {
    this.database = database;
    this.sessionFactory = database.sessionFactory();
    this.clock = clock;
    this.observer = observer;
    this.writer =
        new Semaphore(
            database.settings().kind() == DatabaseSettings.Kind.H2 ? 1 : Integer.MAX_VALUE, true);
    this.nextReferenceSql =
        sessionFactory
            .unwrap(SessionFactoryImplementor.class)
            .getJdbcServices()
            .getDialect()
            .getSequenceSupport()
            .getSequenceNextValString("transfer_reference_seq");
  }

  public TransferService(Database database) {
    this(database, Clock.systemUTC(), ServiceObserver.NONE);
  }

  /** Same as {@link #submit(IdempotencyKey, TransferRequest)} for a key still in text form. */
  public TransferOutcome submit(String rawKey, TransferRequest request) {
    IdempotencyKey key;
    try {
      key = IdempotencyKey.parse(rawKey);
    } catch (IdempotencyKey.InvalidKeyException e) {
      return new TransferOutcome.Invalid(
          null, List.of(new FieldError(FieldError.Field.KEY, e.getMessage())));
    }
    return submit(key, request);
  }

  /**
   * Submits one attempt of a transfer. Never throws for a business or database condition: every
   * answer is a {@link TransferOutcome}. (An {@link Error} from the observer, used to simulate a
   * crash, propagates after the transaction is rolled back, like a process dying would.)
   */
  public TransferOutcome submit(IdempotencyKey key, TransferRequest raw) {
    if (key == null) {
      return new TransferOutcome.Invalid(
          null, List.of(new FieldError(FieldError.Field.KEY, "The idempotency key is missing.")));
    }
    observer.received(key);
    TransferRequest request = normalize(raw);
    List<FieldError> errors = TransferValidator.validate(request);
    if (!errors.isEmpty()) {
      return new TransferOutcome.Invalid(key, errors);
    }
    String fingerprint = request.fingerprint();
    // Cheap path for retries: a decided key is answered from the store without taking the writer.
    // This read is an optimisation only; the claim below is still the unique index.
    try {
      Optional<TransferOutcome> stored = readStored(key, request, fingerprint, false);
      if (stored.isPresent()) {
        if (!awaitInFlightSync()) {
          return new TransferOutcome.InProgress(
              key, "The ledger is finishing a write; asking again shortly is safe.");
        }
        if (!syncIfAnEarlierSyncFailed()) {
          return new TransferOutcome.OutcomeUnknown(
              key,
              "The ledger could not confirm its writes on disk; the answer is withheld until it can."
                  + " Asking again with the same key is safe.");
        }
        observer.replayed(key, stored.get());
        return stored.get();
      }
    } catch (RuntimeException e) {
      log.warn("Reading the stored outcome of {} failed: {}", key, e.toString());
      return new TransferOutcome.NotExecuted(
          key,
          "The ledger could not be read ("
              + e.getClass().getSimpleName()
              + "). Nothing was executed; it is safe to try again.");
    }
    boolean acquired;
    try {
      acquired = writer.tryAcquire(WRITER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new TransferOutcome.NotExecuted(key, "Interrupted before anything was written.");
    }
    if (!acquired) {
      return new TransferOutcome.InProgress(
          key, "Another transfer is being written right now; asking again shortly is safe.");
    }
    try {
      for (int tries = 1; ; tries++) {
        Attempt result = decideInTransaction(key, request, fingerprint);
        if (result.outcome != null) {
          return result.outcome;
        }
        if (tries >= MAX_TRANSACTION_TRIES) {
          return new TransferOutcome.NotExecuted(
              key, "The accounts were busy; nothing was executed. It is safe to try again.");
        }
      }
    } finally {
      writer.release();
    }
  }

  /**
   * A committed decision becomes visible to readers a moment before the writer's sync to disk
   * finishes. Replaying it in that moment would acknowledge something a power cut could still take
   * away, so a replay first waits for the writer in flight (if any) to finish its sync. On
   * PostgreSQL the commit itself is durable and the gate is never held.
   */
  private boolean awaitInFlightSync() {
    try {
      if (!writer.tryAcquire(WRITER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        return false;
      }
      writer.release();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * After a failed sync, committed decisions may not be on disk yet; a replay must not vouch for
   * them until a sync has succeeded again.
   */
  private boolean syncIfAnEarlierSyncFailed() {
    if (!unsynced) {
      return true;
    }
    try {
      sessionFactory.inSession(s -> s.doWork(database::durabilityBarrier));
      unsynced = false;
      return true;
    } catch (RuntimeException e) {
      log.warn("The ledger still cannot sync: {}", e.toString());
      return false;
    }
  }

  /** Outcome of one transaction, or null outcome to run it again (conflict, rolled back). */
  private record Attempt(TransferOutcome outcome) {}

  private Attempt decideInTransaction(
      IdempotencyKey key, TransferRequest request, String fingerprint) {
    Session session = sessionFactory.openSession();
    Transaction tx = null;
    boolean committing = false;
    try {
      tx = session.beginTransaction();
      // The columns keep microseconds (H2 and PostgreSQL alike): decide on the instant that is
      // stored, so that a replay reports exactly the time the first answer gave.
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      IdempotencyRecord claim =
          IdempotencyRecord.claim(key.value(), fingerprint, request.canonicalForm(), now);
      session.persist(claim);
      session.flush(); // the claim: waits for, or collides with, any other attempt on this key
      observer.keyClaimed(key);

      // Both accounts in one query (a natural-id load would cost two per account).
      Account from = null;
      Account to = null;
      for (Account a :
          session
              .createSelectionQuery("from Account a where a.number in (:from, :to)", Account.class)
              .setParameter("from", request.fromAccount())
              .setParameter("to", request.toAccount())
              .getResultList()) {
        if (a.getNumber().equals(request.fromAccount())) {
          from = a;
        } else {
          to = a;
        }
      }
      List<FieldError> ledgerErrors = ledgerValidation(request, from, to);
      if (!ledgerErrors.isEmpty()) {
        tx.rollback();
        observer.rolledBack(key, new IllegalArgumentException("invalid request: nothing kept"));
        return new Attempt(new TransferOutcome.Invalid(key, ledgerErrors));
      }
      RejectionReason rejection = decide(request, from, to);
      TransferOutcome outcome;
      if (rejection != null) {
        claim.decideRejected(rejection);
        outcome =
            new TransferOutcome.Rejected(
                key, rejection, rejectionMessage(rejection, from, request), request, now, false);
      } else {
        String reference = nextReference(session);
        Transfer.Posting posting =
            Transfer.post(
                reference,
                key.value(),
                from,
                to,
                request.amountMinor(),
                request.memoOrEmpty(),
                now);
        session.persist(posting.transfer());
        session.persist(posting.debit());
        session.persist(posting.credit());
        claim.decidePosted(posting.transfer());
        outcome = new TransferOutcome.Posted(key, reference, request, now, false);
      }
      session.flush();
      observer.postingsWritten(key);
      committing = true;
      tx.commit();
      try {
        session.doWork(database::durabilityBarrier);
      } catch (RuntimeException e) {
        unsynced = true;
        log.error("Commit of {} succeeded but the sync to disk failed", key, e);
        return new Attempt(
            new TransferOutcome.OutcomeUnknown(
                key,
                "The transfer was written but could not be confirmed on disk ("
                    + e.getClass().getSimpleName()
                    + "). Check its status before doing anything else: retrying with the same key is safe."));
      }
      observer.committed(key, outcome);
      return new Attempt(outcome);
    } catch (RuntimeException e) {
      rollbackQuietly(tx);
      observer.rolledBack(key, e);
      if (committing && !isConflict(e)) {
        log.error("Commit of {} failed; its outcome is unknown", key, e);
        return new Attempt(
            new TransferOutcome.OutcomeUnknown(
                key,
                "The database failed while committing ("
                    + e.getClass().getSimpleName()
                    + "); the transfer may or may not be posted. Retrying with the same key is safe and will tell."));
      }
      return new Attempt(afterFailure(key, request, fingerprint, e));
    } catch (Error e) {
      // A simulated crash (or a real VM error): what was not committed must not survive.
      rollbackQuietly(tx);
      observer.rolledBack(key, e);
      throw e;
    } finally {
      if (tx != null && tx.isActive()) {
        rollbackQuietly(tx);
      }
      closeQuietly(session);
    }
  }

  private TransferOutcome afterFailure(
      IdempotencyKey key, TransferRequest request, String fingerprint, RuntimeException e) {
    if (isConflict(e)) {
      return null; // optimistic conflict on an account: rolled back, run again
    }
    switch (SqlErrors.classify(e)) {
      case DUPLICATE_KEY:
        // Another attempt claimed this key and committed first: answer with its decision.
        try {
          Optional<TransferOutcome> stored = readStored(key, request, fingerprint, true);
          if (stored.isPresent()) {
            observer.replayed(key, stored.get());
            return stored.get();
          }
        } catch (RuntimeException readFailure) {
          log.warn("Reading {} after a duplicate claim failed", key, readFailure);
        }
        return new TransferOutcome.InProgress(
            key, "Another attempt with this key is finishing; asking again shortly is safe.");
      case LOCK_TIMEOUT:
        return new TransferOutcome.InProgress(
            key, "Another attempt with this key is being processed; asking again shortly is safe.");
      default:
        log.error("Transfer {} failed and was rolled back", key, e);
        return new TransferOutcome.NotExecuted(
            key,
            "The ledger refused the write ("
                + e.getClass().getSimpleName()
                + ") and nothing was executed. It is safe to try again with the same key.");
    }
  }

  private static boolean isConflict(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof OptimisticLockException || c instanceof StaleStateException) {
        return true;
      }
    }
    return false;
  }

  private static void rollbackQuietly(Transaction tx) {
    if (tx == null) {
      return;
    }
    try {
      if (tx.isActive()) {
        tx.rollback();
      }
    } catch (RuntimeException e) {
      log.warn("Rollback failed: {}", e.toString());
    }
  }

  /**
   * Closing a session whose connection died throws; that must not replace the answer already
   * decided (an exception thrown from {@code finally} would discard the returned outcome).
   */
  private static void closeQuietly(Session session) {
    try {
      session.close();
    } catch (RuntimeException e) {
      log.warn("Closing the session failed: {}", e.toString());
    }
  }

  private String nextReference(Session session) {
    Number n = (Number) session.createNativeQuery(nextReferenceSql, Long.class).getSingleResult();
    return String.format(Locale.ROOT, "T-%06d", n.longValue());
  }

  /** Reads the stored decision for {@code key}: a replay, a key-reuse refusal, or empty. */
  private Optional<TransferOutcome> readStored(
      IdempotencyKey key, TransferRequest request, String fingerprint, boolean fallbackToTransfer) {
    return sessionFactory.fromSession(
        session -> StoredOutcomes.read(session, key, request, fingerprint, fallbackToTransfer));
  }

  private static TransferRequest normalize(TransferRequest r) {
    if (r == null) {
      return null;
    }
    return new TransferRequest(
        AccountNumbers.normalize(r.fromAccount()),
        AccountNumbers.normalize(r.toAccount()),
        r.amountMinor(),
        r.currency() == null ? null : r.currency().strip().toUpperCase(Locale.ROOT),
        r.memo() == null ? "" : r.memo());
  }

  /** Problems with the request that need the ledger to see, but are still the request's fault. */
  private static List<FieldError> ledgerValidation(TransferRequest r, Account from, Account to) {
    List<FieldError> errors = new java.util.ArrayList<>();
    if (from == null) {
      errors.add(
          new FieldError(
              FieldError.Field.FROM_ACCOUNT,
              "No account " + AccountNumbers.pretty(r.fromAccount()) + " in this ledger."));
    }
    if (to == null) {
      errors.add(
          new FieldError(
              FieldError.Field.TO_ACCOUNT,
              "No account " + AccountNumbers.pretty(r.toAccount()) + " in this ledger."));
    }
    if (from != null && !from.getCurrency().equals(r.currency())) {
      errors.add(
          new FieldError(
              FieldError.Field.CURRENCY,
              "The paying account holds " + from.getCurrency() + ", not " + r.currency() + "."));
    }
    if (to != null && !to.getCurrency().equals(r.currency())) {
      errors.add(
          new FieldError(
              FieldError.Field.CURRENCY,
              "The receiving account holds " + to.getCurrency() + ", not " + r.currency() + "."));
    }
    return errors;
  }

  private static RejectionReason decide(TransferRequest r, Account from, Account to) {
    if (from.getStatus() == AccountStatus.CLOSED) {
      return RejectionReason.SOURCE_CLOSED;
    }
    if (from.getStatus() == AccountStatus.FROZEN) {
      return RejectionReason.SOURCE_FROZEN;
    }
    if (to.getStatus() == AccountStatus.CLOSED) {
      return RejectionReason.DESTINATION_CLOSED;
    }
    if (to.getStatus() == AccountStatus.FROZEN) {
      return RejectionReason.DESTINATION_FROZEN;
    }
    if (from.getBalanceMinor() < r.amountMinor()) {
      return RejectionReason.INSUFFICIENT_FUNDS;
    }
    return null;
  }

  private static String rejectionMessage(RejectionReason reason, Account from, TransferRequest r) {
    if (reason == RejectionReason.INSUFFICIENT_FUNDS) {
      return "Insufficient funds: "
          + from.getHolder()
          + " has "
          + new com.onceteller.domain.Money(from.getBalanceMinor(), from.getCurrency()).format()
          + " available, the transfer needs "
          + r.amount().format()
          + ".";
    }
    return reason.label() + ".";
  }
}
