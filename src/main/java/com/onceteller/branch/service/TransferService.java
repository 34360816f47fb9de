package com.onceteller.branch.service;

import com.onceteller.branch.ledger.Account;
import com.onceteller.branch.ledger.ApprovalRecord;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.ledger.H2PostingTail;
import com.onceteller.branch.ledger.IdempotencyRecord;
import com.onceteller.branch.ledger.LedgerIncident;
import com.onceteller.branch.ledger.PostgresPostingTail;
import com.onceteller.branch.ledger.PostingHead;
import com.onceteller.branch.ledger.ReferenceCounter;
import com.onceteller.branch.ledger.Transfer;
import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.AccountStatus;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.FreeText;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Money;
import com.onceteller.domain.Permission;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.RestoreResult;
import com.onceteller.domain.TransferLimits;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.domain.TransferValidator;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StaleStateException;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes each transfer exactly once per idempotency key.
 *
 * <p>One transaction claims the key (insert into a unique index, flushed first), decides the
 * transfer against the ledger, writes balances, transfer and balanced journal entries, stores the
 * decision for replay, and commits; then the database is synced before the answer is returned. A
 * second attempt with the same key either waits on the unique index and replays the committed
 * decision, or is told "in progress". Abandoning a key ({@link #abandon}) and restoring an
 * acknowledged posting ({@link #restoreAcknowledged}) claim the key the same way. Nothing here
 * knows about JavaFX or demonstrations.
 */
public final class TransferService {

  private static final Logger log = LoggerFactory.getLogger(TransferService.class);

  /**
   * How long an attempt waits for another attempt that is writing before answering "in progress".
   */
  private static final long WRITER_WAIT_MILLIS = 2_000;

  private static final int MAX_TRANSACTION_TRIES = 3;

  /**
   * PostgreSQL: a transaction that failed with a serialization failure (40001) or a deadlock
   * (40P01) was rolled back whole, and is run again this many times in all, after a backoff.
   */
  private static final int MAX_SERIALIZATION_TRIES = 10;

  /** First backoff after a serialization failure; doubled each time, with full jitter. */
  private static final long SERIALIZATION_BACKOFF_MILLIS = 5;

  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final Database database;
  private final SessionFactory sessionFactory;
  private final Clock clock;
  private final ServiceObserver observer;
  private final AuditTrail audit;

  /**
   * One writer at a time on an embedded H2 file: H2 keeps a store snapshot consistent per map, not
   * across maps, so postings are serialised. On PostgreSQL concurrency is left to the server.
   */
  private final Semaphore writer;

  /**
   * PostgreSQL: the accounts of a posting are read with a row lock (in id order, so two postings
   * never deadlock on them), so that concurrent postings from many desks queue instead of failing
   * their optimistic version check. H2 has one writer at a time and needs no lock.
   */
  private final boolean lockAccounts;

  /**
   * H2: a new attempt first reads the key's stored decision in a session of its own, without the
   * writer, so a replay never waits for (or queues behind) the one writer. PostgreSQL: no such
   * read; the claim inside the transaction collides with a decided key on the unique index and the
   * decision is read and replayed then ({@link #afterFailure}), which spares every new posting one
   * session, one connection and one round trip. (PostgreSQL's commit is durable by itself, so no
   * sync is pending for a replay to wait for.)
   */
  private final boolean readBeforeClaim;

  /**
   * PostgreSQL: a new posting writes its balances before it takes its reference, and then takes the
   * number and writes everything that names it in one statement ({@link PostgresPostingTail}).
   */
  private final boolean counterByUpdate;

  /** Set when a sync after commit failed: replays then sync before they answer. */
  private volatile boolean unsynced;

  public TransferService(Database database, Clock clock, ServiceObserver observer) {
    this.database = database;
    this.sessionFactory = database.sessionFactory();
    this.clock = clock;
    this.observer = observer;
    this.audit = new AuditTrail(database, clock);
    this.writer =
        new Semaphore(
            database.settings().kind() == DatabaseSettings.Kind.H2 ? 1 : Integer.MAX_VALUE, true);
    this.lockAccounts = database.settings().kind() == DatabaseSettings.Kind.POSTGRESQL;
    this.readBeforeClaim = database.settings().kind() == DatabaseSettings.Kind.H2;
    this.counterByUpdate = database.settings().kind() == DatabaseSettings.Kind.POSTGRESQL;
  }

  public TransferService(Database database) {
    this(database, Clock.systemUTC(), ServiceObserver.NONE);
  }

  /** Same as {@link #submit(Actor, IdempotencyKey, TransferRequest)} for a key still in text. */
  public TransferOutcome submit(Actor actor, String rawKey, TransferRequest request) {
    IdempotencyKey key;
    try {
      key = IdempotencyKey.parse(rawKey);
    } catch (IdempotencyKey.InvalidKeyException e) {
      return new TransferOutcome.Invalid(
          null, List.of(new FieldError(FieldError.Field.KEY, e.getMessage())));
    }
    return submit(actor, key, request);
  }

  /**
   * Submits one attempt of a transfer. Never throws for a business or database condition: every
   * answer is a {@link TransferOutcome}. (An {@link Error} from the observer, used to simulate a
   * crash, propagates after the transaction is rolled back, like a process dying would.)
   *
   * <p>The key is {@code actor}'s: the claim is unique per (teller, key), so another teller's
   * attempt with the same key value is another intent. {@code actor} must be allowed to post
   * ({@link Permission#POST_TRANSFER}) and be an enabled user of the ledger with that role; if not,
   * the answer is {@code Invalid} with {@link FieldError.Field#PERMISSION}, nothing is stored and
   * the refusal is in the audit trail.
   */
  public TransferOutcome submit(Actor actor, IdempotencyKey key, TransferRequest raw) {
    if (key == null) {
      return missingKey();
    }
    observer.received(key);
    Optional<TransferOutcome> denied = denied(actor, Permission.POST_TRANSFER, key);
    if (denied.isPresent()) {
      return denied.get();
    }
    String teller = actor.userId();
    // One normalisation (accounts, currency, memo in NFC) before validation and fingerprinting.
    TransferRequest request = raw == null ? null : raw.normalized();
    List<FieldError> errors = TransferValidator.validate(request);
    if (!errors.isEmpty()) {
      return new TransferOutcome.Invalid(key, errors);
    }
    String fingerprint = request.fingerprint();
    Function<Session, Optional<TransferOutcome>> stored =
        s -> StoredOutcomes.read(s, teller, key, request, fingerprint, true);
    if (readBeforeClaim) {
      // A plain probe of the unique index: for a new key (nearly every attempt) that is all this
      // read costs; a stored record is then loaded by its id.
      Optional<TransferOutcome> early =
          answerFromStore(
              key,
              observer,
              s -> {
                Long id = PostingHead.storedId(s, teller, key.value());
                return id == null
                    ? Optional.empty()
                    : StoredOutcomes.readRecord(s, id, key, request, fingerprint);
              });
      if (early.isPresent()) {
        return approvedSince(early.get())
            ? postApproved(actor, key, request, fingerprint, stored)
            : early.get();
      }
    }
    TransferOutcome outcome =
        underWriter(
                key,
                () ->
                    inTransaction(
                        key,
                        "transfer",
                        observer,
                        (s, now) -> postOrReject(s, now, actor, key, request, fingerprint),
                        stored))
            .outcome();
    // A key decided before collides with the claim and its decision is replayed (afterFailure).
    return approvedSince(outcome)
        ? postApproved(actor, key, request, fingerprint, stored)
        : outcome;
  }

  /** A stored "needs approval" that a supervisor has approved since. */
  private static boolean approvedSince(TransferOutcome outcome) {
    return outcome instanceof TransferOutcome.NeedsApproval n
        && n.replayed()
        && n.approval() != null;
  }

  /** Posts a request a supervisor approved (once: the record is locked and decided inside). */
  private TransferOutcome postApproved(
      Actor actor,
      IdempotencyKey key,
      TransferRequest request,
      String fingerprint,
      Function<Session, Optional<TransferOutcome>> stored) {
    return underWriter(
            key,
            () ->
                inTransaction(
                    key,
                    "approved transfer",
                    observer,
                    (s, now) -> postApproved(s, now, actor, key, request, fingerprint),
                    stored))
        .outcome();
  }

  /**
   * Reverses the posting {@code originalReference}: a new transfer of the same amount the other way
   * between the same accounts, linked to the original ({@code Reversal of T-000123}), under the
   * reversal's own key (minted when the reversal form opened) and with the same exactly-once rules
   * as any transfer: the same key replays, a second reversal of the same original is a stored
   * {@code Rejected(ALREADY_REVERSED)} (the database's unique constraint on the link is the last
   * word), never an edit or a delete. A supervisor must approve it ({@code NeedsApproval}) when it
   * is above the actor's limits, when the original is another teller's and the actor is a teller,
   * or when the ledger says every reversal needs one.
   *
   * @param reason why (required; stored with the reversal and in the audit trail)
   */
  public TransferOutcome reverse(
      Actor actor, IdempotencyKey key, String originalReference, String reason) {
    if (key == null) {
      return missingKey();
    }
    observer.received(key);
    Optional<TransferOutcome> denied = denied(actor, Permission.REVERSE, key);
    if (denied.isPresent()) {
      return denied.get();
    }
    String reference = originalReference == null ? null : originalReference.strip();
    String why = FreeText.line(reason);
    List<FieldError> errors = new ArrayList<>();
    String problem = com.onceteller.domain.Reversals.referenceProblem(reference);
    if (problem != null) {
      errors.add(new FieldError(FieldError.Field.REFERENCE, problem));
    }
    problem =
        TransferValidator.lineProblem(
            "The reason for the reversal", why, TransferLimits.MAX_REASON_LENGTH);
    if (problem != null) {
      errors.add(new FieldError(FieldError.Field.REASON, problem));
    }
    if (!errors.isEmpty()) {
      return new TransferOutcome.Invalid(key, errors);
    }
    TransferRequest original =
        sessionFactory.fromSession(
            s -> {
              Transfer t = originalByReference(s, reference, false);
              return t == null ? null : StoredOutcomes.requestOf(t);
            });
    if (original == null) {
      return new TransferOutcome.Invalid(
          key,
          List.of(
              new FieldError(
                  FieldError.Field.REFERENCE, "No posting " + reference + " in this ledger.")));
    }
    TransferRequest request = com.onceteller.domain.Reversals.request(reference, original);
    String fingerprint = com.onceteller.domain.Reversals.fingerprint(reference, request);
    String teller = actor.userId();
    Function<Session, Optional<TransferOutcome>> stored =
        s -> StoredOutcomes.read(s, teller, key, request, fingerprint, true);
    Optional<TransferOutcome> early = answerFromStore(key, observer, stored);
    if (early.isPresent()) {
      if (early.get() instanceof TransferOutcome.NeedsApproval n && n.approval() != null) {
        return underWriter(
                key,
                () ->
                    inTransaction(
                        key,
                        "approved reversal",
                        observer,
                        (s, now) -> postApproved(s, now, actor, key, request, fingerprint),
                        stored))
            .outcome();
      }
      return early.get();
    }
    return underWriter(
            key,
            () ->
                inTransaction(
                    key,
                    "reversal",
                    observer,
                    (s, now) ->
                        reverseBody(s, now, actor, key, reference, why, request, fingerprint),
                    stored))
        .outcome();
  }

  private static Transfer originalByReference(Session s, String reference, boolean lock) {
    var q =
        s.createSelectionQuery(
                "from Transfer t join fetch t.from join fetch t.to where t.reference = :r",
                Transfer.class)
            .setParameter("r", reference);
    if (lock) {
      // Two reversals of one original at once: the second waits here, then sees the first.
      q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
    }
    return q.getSingleResultOrNull();
  }

  private static Transfer reversalOf(Session s, Transfer original) {
    return s.createSelectionQuery("from Transfer r where r.reversalOf = :o", Transfer.class)
        .setParameter("o", original)
        .getSingleResultOrNull();
  }

  /**
   * The body of {@link #reverse}: claim, check the original, then post, store a refusal, or ask.
   */
  private Step reverseBody(
      Session session,
      Instant now,
      Actor actor,
      IdempotencyKey key,
      String reference,
      String reason,
      TransferRequest request,
      String fingerprint) {
    String teller = actor.userId();
    IdempotencyRecord claim =
        IdempotencyRecord.claim(teller, key.value(), fingerprint, request.canonicalForm(), now);
    claim.reversalOf(reference, reason);
    session.persist(claim);
    session.flush();
    observer.keyClaimed(key);
    Optional<Step> refused = userRefused(session, actor, key);
    if (refused.isPresent()) {
      return refused.get();
    }
    Optional<Step> legacy = legacyReplay(session, teller, key, request, fingerprint);
    if (legacy.isPresent()) {
      return legacy.get();
    }
    Transfer original = originalByReference(session, reference, true);
    if (original.getReversalOf() != null) {
      return Step.rollBack(
          new TransferOutcome.Invalid(
              key,
              List.of(
                  new FieldError(
                      FieldError.Field.REFERENCE,
                      reference
                          + " is itself a reversal (of "
                          + original.getReversalOf().getReference()
                          + "); post a new transfer instead."))),
          null);
    }
    LocalDate day = Controls.openDay(session);
    claim.setBusinessDate(day);
    if (Controls.tellerDayClosed(session, actor.userId(), day)) {
      return tellerDayClosed(key, day);
    }
    Account from = original.getTo();
    Account to = original.getFrom();
    Transfer earlier = reversalOf(session, original);
    RejectionReason rejection =
        earlier != null ? RejectionReason.ALREADY_REVERSED : decide(request, from, to);
    TransferOutcome outcome;
    if (rejection != null) {
      claim.decideRejected(rejection);
      String message =
          rejection == RejectionReason.ALREADY_REVERSED
              ? reference
                  + " was already reversed by "
                  + earlier.getReference()
                  + ". An original is reversed once."
              : rejectionMessage(rejection, from, to, request);
      outcome = new TransferOutcome.Rejected(key, rejection, message, request, now, false);
    } else {
      String needs = Controls.limitProblem(session, actor, request, day);
      if (needs == null
          && Controls.setting(
              session, com.onceteller.branch.ledger.LedgerSetting.REVERSAL_REQUIRES_APPROVAL)) {
        needs = "Every reversal needs a supervisor (the ledger's setting).";
      }
      if (needs == null
          && !original.getTellerId().equals(teller)
          && !actor.may(Permission.ACT_FOR_OTHER_TELLER)) {
        needs = reference + " was posted by " + original.getTellerId() + ": a supervisor approves.";
      }
      if (needs != null) {
        claim.decideNeedsApproval(needs);
        AuditTrail.record(
            session, now, actor, AuditEventType.APPROVAL_REQUIRED, true, "key " + key, needs);
        outcome = new TransferOutcome.NeedsApproval(key, request, needs, now, null, false);
      } else {
        outcome =
            postReversal(session, now, actor, key, request, claim, original, reason, day, null);
      }
    }
    session.flush();
    observer.postingsWritten(key);
    return Step.commit(outcome);
  }

  /** Posts the reversal of {@code original} and links both; audited. */
  private TransferOutcome postReversal(
      Session session,
      Instant now,
      Actor actor,
      IdempotencyKey key,
      TransferRequest request,
      IdempotencyRecord claim,
      Transfer original,
      String reason,
      LocalDate day,
      ApprovalRecord approval) {
    String reference = lockReferenceCounter(session).next();
    Transfer.Posting posting =
        Transfer.post(
            reference,
            actor.userId(),
            key.value(),
            original.getTo(),
            original.getFrom(),
            request.amountMinor(),
            request.memoOrEmpty(),
            now);
    posting.transfer().belongsTo(day, approval);
    posting.transfer().reverses(original, reason);
    persist(session, posting);
    claim.decidePosted(posting.transfer());
    AuditTrail.record(
        session,
        now,
        actor,
        AuditEventType.REVERSED,
        true,
        original.getReference() + " by " + reference,
        reason);
    return new TransferOutcome.Posted(key, reference, request, now, false);
  }

  /**
   * The refusal of an actor whose role does not allow {@code p}, recorded in the audit trail; empty
   * when the role allows it (the user itself is checked inside the transaction).
   */
  private Optional<TransferOutcome> denied(Actor actor, Permission p, IdempotencyKey key) {
    String problem = Access.roleProblem(actor, p);
    if (problem == null) {
      return Optional.empty();
    }
    audit.recordAlone(actor, AuditEventType.ACCESS_DENIED, false, "key " + key, problem);
    return Optional.of(permissionRefused(key, problem));
  }

  private static TransferOutcome permissionRefused(IdempotencyKey key, String problem) {
    return new TransferOutcome.Invalid(
        key, List.of(new FieldError(FieldError.Field.PERMISSION, problem)));
  }

  /** A teller whose day is closed posts nothing more into it (the refusal stores nothing). */
  private static Step tellerDayClosed(IdempotencyKey key, LocalDate day) {
    return Step.rollBack(
        permissionRefused(
            key,
            "Your day "
                + day
                + " is closed: nothing more is posted by you until the next business day."),
        null);
  }

  /**
   * Inside the transaction, after the claim: the actor must be an enabled user with that role. The
   * refusal rolls everything back and is recorded afterwards.
   */
  private Optional<Step> userRefused(Session session, Actor actor, IdempotencyKey key) {
    String problem = Access.userProblem(session, actor);
    if (problem == null) {
      return Optional.empty();
    }
    return Optional.of(userRefused(actor, key, problem));
  }

  /** The refusal of an actor the ledger's user record does not let act; recorded afterwards. */
  private Step userRefused(Actor actor, IdempotencyKey key, String problem) {
    return Step.rollBack(
        permissionRefused(key, problem),
        () -> audit.recordAlone(actor, AuditEventType.ACCESS_DENIED, false, "key " + key, problem));
  }

  /**
   * Abandons the transfer of {@code key}: fences the key in the ledger so that no attempt with it,
   * one still in flight or a retry years later, can ever post. In one transaction the key is
   * claimed exactly as a posting claims it (the unique index) and decided VOIDED, with who, why,
   * when, and the abandoned request when the desk still has it; then synced before answering.
   *
   * <p>Answers:
   *
   * <ul>
   *   <li>{@code Voided} (not replayed): the key is fenced now;
   *   <li>the decision already stored, with nothing written: {@code Posted} (replayed) when the key
   *       posted — the caller must show that posting and must not treat the transfer as abandoned;
   *       {@code Rejected}; or {@code Voided} (replayed) for a second abandon;
   *   <li>{@code Invalid}: missing key, {@code by} or {@code reason} blank, too long or holding
   *       control characters, or a malformed {@code request} (pass null to void without it);
   *   <li>{@code InProgress}, {@code NotExecuted}, {@code OutcomeUnknown} (retryable): an attempt
   *       with this key is in flight, or the ledger failed; ask again with the same key.
   * </ul>
   *
   * After a void, {@link #submit} answers {@code Voided} (replayed) for the abandoned request, or
   * for any request if the void did not know it, and {@code KeyReused} for a different one.
   *
   * @param request what was abandoned, or null if the desk no longer has it
   */
  public TransferOutcome abandon(
      Actor actor, IdempotencyKey key, TransferRequest request, String reason) {
    if (key == null) {
      return missingKey();
    }
    observer.received(key);
    Optional<TransferOutcome> denied = denied(actor, Permission.VOID_OWN, key);
    if (denied.isPresent()) {
      return denied.get();
    }
    return voidFor(actor, actor.userId(), key, request, reason, AuditEventType.VOIDED);
  }

  /**
   * A supervisor fences another teller's key (an in-doubt item signed off at the end of the day):
   * as {@link #abandon}, in {@code tellerId}'s scope, recorded as voided by the supervisor. Needs
   * {@link Permission#ACT_FOR_OTHER_TELLER}.
   */
  public TransferOutcome signOffInDoubt(
      Actor actor, String tellerId, IdempotencyKey key, TransferRequest request, String reason) {
    if (key == null) {
      return missingKey();
    }
    Permission p =
        actor != null && actor.userId().equals(tellerId)
            ? Permission.VOID_OWN
            : Permission.ACT_FOR_OTHER_TELLER;
    Optional<TransferOutcome> denied = denied(actor, p, key);
    if (denied.isPresent()) {
      return denied.get();
    }
    if (tellerId == null || !Actor.USER_ID.matcher(tellerId).matches()) {
      return new TransferOutcome.Invalid(
          key, List.of(new FieldError(FieldError.Field.ACTOR, "Whose item it is is missing.")));
    }
    return voidFor(actor, tellerId, key, request, reason, AuditEventType.IN_DOUBT_SIGNED_OFF);
  }

  private TransferOutcome voidFor(
      Actor actor,
      String teller,
      IdempotencyKey key,
      TransferRequest request,
      String reason,
      AuditEventType event) {
    TransferRequest abandoned = request == null ? null : request.normalized();
    String who = actor.userId();
    String why = FreeText.line(reason);
    List<FieldError> errors = new ArrayList<>();
    String problem =
        TransferValidator.lineProblem(
            "The reason for abandoning", why, TransferLimits.MAX_REASON_LENGTH);
    if (problem != null) {
      errors.add(new FieldError(FieldError.Field.REASON, problem));
    }
    if (abandoned != null) {
      errors.addAll(TransferValidator.validate(abandoned));
    }
    if (!errors.isEmpty()) {
      return new TransferOutcome.Invalid(key, errors);
    }
    String fingerprint = abandoned == null ? null : abandoned.fingerprint();
    Function<Session, Optional<TransferOutcome>> stored =
        s -> StoredOutcomes.decision(s, teller, key, abandoned);
    Optional<TransferOutcome> early = answerFromStore(key, observer, stored);
    if (early.isPresent()) {
      return early.get();
    }
    TransferOutcome outcome =
        underWriter(
                key,
                () ->
                    inTransaction(
                        key,
                        "void",
                        observer,
                        (s, now) ->
                            voidKey(s, now, actor, teller, key, abandoned, fingerprint, why, event),
                        stored))
            .outcome();
    if (outcome instanceof TransferOutcome.Voided v && !v.replayed()) {
      log.info("Key {} of {} voided by {}: {}", key, teller, who, why);
    }
    return outcome;
  }

  /**
   * Restores a posting the desk acknowledged but the ledger has no trace of. Used only by the
   * desk's start-up acknowledgement audit, when it holds a durable record that the teller was told
   * "Posted {@code reference}" for {@code key} and the ledger knows nothing of the key (e.g. the
   * store lost a synced commit, issue 9).
   *
   * <p>In one transaction the key is claimed as a posting claims it. If the key is already known,
   * nothing is written and the stored answer is returned (a replayed {@code Posted} of the same
   * request is the normal case). Otherwise the transfer is posted exactly as acknowledged: same
   * accounts, amount and memo, at {@code postedAt}, under {@code reference} if no other transfer
   * has it (else the next reference; the answer says which), even if the paying account is now
   * short of funds, frozen or closed (the customer was told the money moved: an overdraft is
   * flagged, not refused), and a {@code ledger_incident} row records what was done. The reference
   * counter ends at or above the reference used.
   *
   * @param note the operator's or audit's note for the incident; may be null
   */
  public RestoreResult restoreAcknowledged(
      Actor actor,
      IdempotencyKey key,
      TransferRequest request,
      String reference,
      Instant postedAt,
      String note) {
    if (key == null) {
      return notRestored(null, reference, missingKey());
    }
    Optional<TransferOutcome> denied = denied(actor, Permission.POST_TRANSFER, key);
    if (denied.isPresent()) {
      return notRestored(key, reference, denied.get());
    }
    String teller = actor.userId();
    TransferRequest acknowledged = request == null ? null : request.normalized();
    String noteText = note == null || note.isBlank() ? null : FreeText.line(note);
    List<FieldError> errors = new ArrayList<>(TransferValidator.validate(acknowledged));
    if (postedAt == null) {
      errors.add(
          new FieldError(
              FieldError.Field.POSTED_AT, "The time the posting was acknowledged is missing."));
    }
    if (noteText != null) {
      String problem =
          TransferValidator.lineProblem("The note", noteText, TransferLimits.MAX_NOTE_LENGTH);
      if (problem != null) {
        errors.add(new FieldError(FieldError.Field.NOTE, problem));
      }
    }
    if (!errors.isEmpty()) {
      return notRestored(key, reference, new TransferOutcome.Invalid(key, errors));
    }
    String fingerprint = acknowledged.fingerprint();
    Function<Session, Optional<TransferOutcome>> stored =
        s -> StoredOutcomes.read(s, teller, key, acknowledged, fingerprint, true);
    // Not a teller's attempt: the timeline and the demonstrations' faults stay out of it.
    Optional<TransferOutcome> early = answerFromStore(key, ServiceObserver.NONE, stored);
    if (early.isPresent()) {
      return notRestored(key, reference, early.get());
    }
    Attempt attempt =
        underWriter(
            key,
            () ->
                inTransaction(
                    key,
                    "restored posting",
                    ServiceObserver.NONE,
                    (s, now) ->
                        restore(
                            s,
                            now,
                            actor,
                            key,
                            acknowledged,
                            fingerprint,
                            reference,
                            postedAt,
                            noteText),
                    stored));
    if (attempt.restored() == null) {
      return notRestored(key, reference, attempt.outcome());
    }
    Restored r = attempt.restored();
    log.warn("Incident {}: {}", r.incidentId(), r.message());
    return new RestoreResult(
        key,
        true,
        r.reference(),
        r.reference().equals(reference),
        r.incidentId(),
        attempt.outcome(),
        r.message());
  }

  private static TransferOutcome missingKey() {
    return new TransferOutcome.Invalid(
        null, List.of(new FieldError(FieldError.Field.KEY, "The idempotency key is missing.")));
  }

  /**
   * Cheap path: a decided key is answered from the store without taking the writer. This read is an
   * optimisation only; the claim in the transaction is still the unique index.
   */
  private Optional<TransferOutcome> answerFromStore(
      IdempotencyKey key,
      ServiceObserver observer,
      Function<Session, Optional<TransferOutcome>> read) {
    try {
      // A read-only transaction that commits: see Database#durabilityBarrier on why not roll back.
      Optional<TransferOutcome> stored = sessionFactory.fromTransaction(read::apply);
      if (stored.isEmpty()) {
        return stored;
      }
      if (!awaitInFlightSync()) {
        return Optional.of(
            new TransferOutcome.InProgress(
                key, "The ledger is finishing a write; asking again shortly is safe."));
      }
      if (!syncIfAnEarlierSyncFailed()) {
        return Optional.of(
            new TransferOutcome.OutcomeUnknown(
                key,
                "The ledger could not confirm its writes on disk; the answer is withheld until it"
                    + " can. Asking again with the same key is safe."));
      }
      observer.replayed(key, stored.get());
      return stored;
    } catch (RuntimeException e) {
      log.warn("Reading the stored outcome of {} failed: {}", key, e.toString());
      return Optional.of(
          new TransferOutcome.NotExecuted(
              key,
              "The ledger could not be read ("
                  + e.getClass().getSimpleName()
                  + "). Nothing was executed; it is safe to try again."));
    }
  }

  /** Runs {@code transaction} holding the writer, again after an optimistic conflict. */
  private Attempt underWriter(IdempotencyKey key, Supplier<Attempt> transaction) {
    boolean acquired;
    try {
      acquired = writer.tryAcquire(WRITER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt(
          new TransferOutcome.NotExecuted(key, "Interrupted before anything was written."), null);
    }
    if (!acquired) {
      return new Attempt(
          new TransferOutcome.InProgress(
              key, "Another transfer is being written right now; asking again shortly is safe."),
          null);
    }
    try {
      int conflicts = 0;
      int serializationFailures = 0;
      while (true) {
        Attempt result = transaction.get();
        if (result.outcome() != null) {
          return result;
        }
        if (result.serializationFailure()) {
          serializationFailures++;
          if (serializationFailures >= MAX_SERIALIZATION_TRIES) {
            return new Attempt(
                new TransferOutcome.NotExecuted(
                    key,
                    "The ledger kept refusing the transaction as conflicting with others ("
                        + serializationFailures
                        + " serialization failures or deadlocks); nothing was executed. It is"
                        + " safe to try again."),
                null);
          }
          if (!backOff(serializationFailures)) {
            return new Attempt(
                new TransferOutcome.NotExecuted(key, "Interrupted before anything was written."),
                null);
          }
        } else if (++conflicts >= MAX_TRANSACTION_TRIES) {
          return new Attempt(
              new TransferOutcome.NotExecuted(
                  key, "The accounts were busy; nothing was executed. It is safe to try again."),
              null);
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

  /**
   * Sleeps before running a transaction again after a serialization failure or deadlock:
   * exponential with full jitter, so the transactions that collided do not collide again.
   *
   * @return false when interrupted
   */
  private static boolean backOff(int failures) {
    long cap = SERIALIZATION_BACKOFF_MILLIS << Math.min(failures - 1, 6);
    long millis = java.util.concurrent.ThreadLocalRandom.current().nextLong(cap + 1);
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Outcome of one transaction, or null outcome to run it again (rolled back after an optimistic
   * conflict, or after a serialization failure or deadlock: {@code serializationFailure}).
   */
  private record Attempt(TransferOutcome outcome, Restored restored, boolean serializationFailure) {
    Attempt(TransferOutcome outcome, Restored restored) {
      this(outcome, restored, false);
    }

    static final Attempt RUN_AGAIN_AFTER_SERIALIZATION_FAILURE = new Attempt(null, null, true);
  }

  /** What a restore wrote, for its answer. */
  private record Restored(String reference, Long incidentId, String message) {}

  /**
   * What a transaction's body decided: an answer, and whether to commit what it wrote ({@code
   * write}) or roll all of it back, then run {@code afterRollback}.
   */
  private record Step(
      TransferOutcome outcome, boolean write, Restored restored, Runnable afterRollback) {
    static Step commit(TransferOutcome outcome) {
      return new Step(outcome, true, null, null);
    }

    static Step rollBack(TransferOutcome outcome, Runnable afterRollback) {
      return new Step(outcome, false, null, afterRollback);
    }
  }

  /** The decision made inside the transaction, after the key is claimed. */
  @FunctionalInterface
  private interface Body {
    Step run(Session session, Instant now);
  }

  /**
   * One transaction around {@code body}: commit and sync when it wrote a decision, roll back
   * otherwise, and classify failures. {@code what} names the decision in messages ("transfer",
   * "void"); {@code stored} reads the winner's decision after a duplicate claim.
   */
  private Attempt inTransaction(
      IdempotencyKey key,
      String what,
      ServiceObserver observer,
      Body body,
      Function<Session, Optional<TransferOutcome>> stored) {
    Session session = sessionFactory.openSession();
    Transaction tx = null;
    boolean committing = false;
    try {
      tx = session.beginTransaction();
      // The columns keep microseconds (H2 and PostgreSQL alike): decide on the instant that is
      // stored, so that a replay reports exactly the time the first answer gave.
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      Step step = body.run(session, now);
      if (!step.write()) {
        tx.rollback();
        if (step.afterRollback() != null) {
          step.afterRollback().run();
        }
        return new Attempt(step.outcome(), null);
      }
      committing = true;
      tx.commit();
      observer.commitWritten(key);
      try {
        session.doWork(database::durabilityBarrier);
      } catch (RuntimeException e) {
        unsynced = true;
        log.error("Commit of {} succeeded but the sync to disk failed", key, e);
        return new Attempt(
            new TransferOutcome.OutcomeUnknown(
                key,
                "The "
                    + what
                    + " was written but could not be confirmed on disk ("
                    + e.getClass().getSimpleName()
                    + "). Check its status before doing anything else: retrying with the same key"
                    + " is safe."),
            null);
      }
      observer.committed(key, step.outcome());
      return new Attempt(step.outcome(), step.restored());
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
                    + "); the "
                    + what
                    + " may or may not be recorded. Retrying with the same key is safe and will"
                    + " tell."),
            null);
      }
      if (SqlErrors.classify(e) == SqlErrors.Kind.SERIALIZATION) {
        // Rolled back whole by the database: nothing of it is left, run it again after a backoff.
        log.debug("The {} of {} met a serialization failure or deadlock; retrying", what, key);
        return Attempt.RUN_AGAIN_AFTER_SERIALIZATION_FAILURE;
      }
      return new Attempt(afterFailure(key, what, observer, stored, e), null);
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

  /**
   * The body of {@link #submit}: claim, then post or reject. Statements, in order: the claim
   * (inserted at once: the unique index waits for, or collides with, any other attempt on this
   * key), one read of everything the decision needs besides the accounts ({@link PostingContext}),
   * the two accounts (locked on PostgreSQL), the balances; then, holding the reference counter's
   * lock, only the transfer, its journal entries, the claim's decision, the counter and the commit.
   * The claim, the accounts and a posting's rows are plain statements ({@link PostingHead} and the
   * engine's tail); a stored refusal or approval request takes the claim back as an entity.
   */
  private Step postOrReject(
      Session session,
      Instant now,
      Actor actor,
      IdempotencyKey key,
      TransferRequest request,
      String fingerprint) {
    String teller = actor.userId();
    IdempotencyRecord claim =
        IdempotencyRecord.claim(teller, key.value(), fingerprint, request.canonicalForm(), now);
    // The claim: waits for, or collides with, any other attempt on this key.
    long claimId = PostingHead.insertClaim(session, claim, counterByUpdate);
    observer.keyClaimed(key);
    PostingContext context = PostingContext.read(session, actor, key, request);
    if (context.userProblem != null) {
      return userRefused(actor, key, context.userProblem);
    }
    if (context.legacyDecision) {
      return legacyReplay(session, teller, key, request, fingerprint).orElseThrow();
    }

    Account[] read =
        PostingHead.accounts(session, request.fromAccount(), request.toAccount(), lockAccounts);
    Accounts accounts = new Accounts(read[0], read[1]);
    List<FieldError> ledgerErrors = ledgerValidation(request, accounts.from, accounts.to);
    if (!ledgerErrors.isEmpty()) {
      return Step.rollBack(
          new TransferOutcome.Invalid(key, ledgerErrors),
          () ->
              observer.rolledBack(
                  key, new IllegalArgumentException("invalid request: nothing kept")));
    }
    Account from = accounts.from;
    Account to = accounts.to;
    LocalDate day = context.requireOpenDay();
    if (context.tellerDayClosed) {
      return tellerDayClosed(key, day);
    }
    RejectionReason rejection = decide(request, from, to);
    TransferOutcome outcome;
    String overLimit = rejection == null ? context.limitProblem(actor, request) : null;
    if (rejection == null && overLimit == null) {
      Transfer.Movement movement =
          Transfer.move(
              teller, key.value(), from, to, request.amountMinor(), request.memoOrEmpty(), now);
      // Then the balances, the number, the transfer, its journal entries and the claim's decision
      // as plain statements: on PostgreSQL all but the balances in one, under the counter's lock
      // that every posting of the ledger waits for; on H2 a few.
      String reference =
          counterByUpdate
              ? PostgresPostingTail.write(session, movement, claimId, day)
              : H2PostingTail.write(session, movement, claimId, day);
      observer.postingsWritten(key);
      return Step.commit(new TransferOutcome.Posted(key, reference, request, now, false));
    }
    // A stored refusal or approval request: the claim, inserted plain, as an entity.
    claim = session.find(IdempotencyRecord.class, claimId);
    if (rejection != null) {
      claim.decideRejected(rejection);
      outcome =
          new TransferOutcome.Rejected(
              key, rejection, rejectionMessage(rejection, from, to, request), request, now, false);
    } else {
      // Stored like any decision: the same key gets it again until a supervisor acts.
      claim.decideNeedsApproval(overLimit);
      AuditTrail.record(
          session, now, actor, AuditEventType.APPROVAL_REQUIRED, true, "key " + key, overLimit);
      outcome = new TransferOutcome.NeedsApproval(key, request, overLimit, now, null, false);
    }
    claim.setBusinessDate(day);
    session.flush();
    observer.postingsWritten(key);
    return Step.commit(outcome);
  }

  /**
   * The body of an attempt on a key a supervisor approved: its record (NEEDS_APPROVAL) is locked,
   * so of two attempts at once one posts and the other replays that posting. The approval must be
   * for this very request (its fingerprint). Limits are not asked again; the ledger's own rules are
   * (funds, frozen or closed accounts), and a refusal now is stored as the key's decision.
   */
  private Step postApproved(
      Session session,
      Instant now,
      Actor actor,
      IdempotencyKey key,
      TransferRequest request,
      String fingerprint) {
    String teller = actor.userId();
    IdempotencyRecord record =
        session
            .createSelectionQuery(
                "from IdempotencyRecord r where r.tellerId = :t and r.key = :k",
                IdempotencyRecord.class)
            .setParameter("t", teller)
            .setParameter("k", key.value())
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getSingleResultOrNull();
    Optional<Step> refused = userRefused(session, actor, key);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (record == null
        || record.getOutcome() != IdempotencyRecord.Decision.NEEDS_APPROVAL
        || !fingerprint.equals(record.getFingerprint())) {
      // Decided meanwhile (the other attempt posted, a decline), or another request: replay it.
      TransferOutcome replay =
          StoredOutcomes.read(session, teller, key, request, fingerprint, true).orElseThrow();
      return Step.rollBack(replay, () -> observer.replayed(key, replay));
    }
    ApprovalRecord approval = StoredOutcomes.approvalRecord(session, teller, key);
    if (approval == null || !approval.getFingerprint().equals(record.getFingerprint())) {
      TransferOutcome waiting =
          StoredOutcomes.read(session, teller, key, request, fingerprint, true).orElseThrow();
      return Step.rollBack(waiting, null);
    }
    Accounts accounts = accounts(session, request, lockAccounts);
    List<FieldError> ledgerErrors = ledgerValidation(request, accounts.from, accounts.to);
    if (!ledgerErrors.isEmpty()) {
      return Step.rollBack(new TransferOutcome.Invalid(key, ledgerErrors), null);
    }
    observer.keyClaimed(key);
    LocalDate day = Controls.openDay(session);
    record.decidedAgain(now, day);
    if (record.getReversalOfReference() != null) {
      Transfer original = originalByReference(session, record.getReversalOfReference(), true);
      Transfer earlier = reversalOf(session, original);
      RejectionReason r =
          earlier != null
              ? RejectionReason.ALREADY_REVERSED
              : decide(request, original.getTo(), original.getFrom());
      TransferOutcome outcome;
      if (r != null) {
        record.decideRejected(r);
        outcome =
            new TransferOutcome.Rejected(
                key,
                r,
                earlier != null
                    ? record.getReversalOfReference()
                        + " was already reversed by "
                        + earlier.getReference()
                        + "."
                    : rejectionMessage(r, original.getTo(), original.getFrom(), request),
                request,
                now,
                false);
      } else {
        outcome =
            postReversal(
                session,
                now,
                actor,
                key,
                request,
                record,
                original,
                record.getReversalReason(),
                day,
                approval);
      }
      session.flush();
      observer.postingsWritten(key);
      return Step.commit(outcome);
    }
    RejectionReason rejection = decide(request, accounts.from, accounts.to);
    TransferOutcome outcome;
    if (rejection != null) {
      record.decideRejected(rejection);
      outcome =
          new TransferOutcome.Rejected(
              key,
              rejection,
              rejectionMessage(rejection, accounts.from, accounts.to, request),
              request,
              now,
              false);
    } else {
      String reference = lockReferenceCounter(session).next();
      Transfer.Posting posting =
          Transfer.post(
              reference,
              teller,
              key.value(),
              accounts.from,
              accounts.to,
              request.amountMinor(),
              request.memoOrEmpty(),
              now);
      posting.transfer().belongsTo(day, approval);
      persist(session, posting);
      record.decidePosted(posting.transfer());
      outcome = new TransferOutcome.Posted(key, reference, request, now, false);
    }
    session.flush();
    observer.postingsWritten(key);
    return Step.commit(outcome);
  }

  /**
   * Runs {@code work} holding the writer, as postings do: the other services' writes that must not
   * interleave with a posting (an approval, closing a day) go through here. Empty when the writer
   * stayed busy for more than 2 s.
   */
  <T> Optional<T> withWriter(Supplier<T> work) {
    boolean acquired;
    try {
      acquired = writer.tryAcquire(WRITER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    if (!acquired) {
      return Optional.empty();
    }
    try {
      return Optional.of(work.get());
    } finally {
      writer.release();
    }
  }

  Database database() {
    return database;
  }

  Clock clock() {
    return clock;
  }

  AuditTrail audit() {
    return audit;
  }

  /** The body of {@link #abandon}: claim the key as VOIDED, unless a transfer already has it. */
  private Step voidKey(
      Session session,
      Instant now,
      Actor actor,
      String teller,
      IdempotencyKey key,
      TransferRequest request,
      String fingerprint,
      String reason,
      AuditEventType event) {
    String by = actor.userId();
    IdempotencyRecord claim =
        IdempotencyRecord.voided(
            teller,
            key.value(),
            fingerprint,
            request == null ? null : request.canonicalForm(),
            by,
            reason,
            now);
    session.persist(claim);
    session.flush(); // the claim: waits for, or collides with, a posting of this key in flight
    observer.keyClaimed(key);
    Optional<Step> refused = userRefused(session, actor, key);
    if (refused.isPresent()) {
      return refused.get();
    }
    claim.setBusinessDate(Controls.openDay(session));
    IdempotencyRecord legacy = StoredOutcomes.legacyRecord(session, teller, key);
    if (legacy != null) {
      // Decided before keys were scoped: that decision stands, the void writes nothing.
      TransferOutcome replay =
          StoredOutcomes.decision(session, Actor.LEGACY_TELLER, key, request).orElseThrow();
      return Step.rollBack(replay, () -> observer.replayed(key, replay));
    }
    // Records are never deleted, but the transfer row is the last word: a key that a transfer
    // carries is posted, and a void must never sit beside it.
    Transfer posted = StoredOutcomes.transfer(session, teller, key);
    if (posted != null) {
      TransferOutcome replay =
          new TransferOutcome.Posted(
              key,
              posted.getReference(),
              StoredOutcomes.requestOf(posted),
              posted.getPostedAt(),
              true);
      return Step.rollBack(replay, () -> observer.replayed(key, replay));
    }
    AuditTrail.record(
        session,
        now,
        actor,
        event,
        true,
        (teller.equals(by) ? "" : "teller " + teller + ", ") + "key " + key,
        reason);
    return Step.commit(new TransferOutcome.Voided(key, request, now, by, reason, false));
  }

  /**
   * After a claim in {@code teller}'s scope: a key decided before V8 (legacy scope) replays that
   * decision and the claim is rolled back, so an upgrade never posts such a key again.
   */
  private Optional<Step> legacyReplay(
      Session session,
      String teller,
      IdempotencyKey key,
      TransferRequest request,
      String fingerprint) {
    if (StoredOutcomes.legacyRecord(session, teller, key) == null) {
      return Optional.empty();
    }
    TransferOutcome replay =
        StoredOutcomes.read(session, Actor.LEGACY_TELLER, key, request, fingerprint, true)
            .orElseThrow();
    return Optional.of(Step.rollBack(replay, () -> observer.replayed(key, replay)));
  }

  /** The body of {@link #restoreAcknowledged}. */
  private Step restore(
      Session session,
      Instant now,
      Actor actor,
      IdempotencyKey key,
      TransferRequest request,
      String fingerprint,
      String acknowledgedReference,
      Instant acknowledgedAt,
      String note) {
    Instant postedAt = acknowledgedAt.truncatedTo(ChronoUnit.MICROS);
    String teller = actor.userId();
    IdempotencyRecord claim =
        IdempotencyRecord.claim(
            teller, key.value(), fingerprint, request.canonicalForm(), postedAt);
    session.persist(claim);
    session.flush(); // the claim, as for any posting
    Optional<Step> refused = userRefused(session, actor, key);
    if (refused.isPresent()) {
      return refused.get();
    }
    Optional<Step> legacy = legacyReplay(session, teller, key, request, fingerprint);
    if (legacy.isPresent()) {
      return legacy.get();
    }
    Transfer existing = StoredOutcomes.transfer(session, teller, key);
    if (existing != null) {
      return Step.rollBack(StoredOutcomes.fromTransfer(key, existing, request, fingerprint), null);
    }
    Accounts accounts = accounts(session, request, lockAccounts);
    List<FieldError> ledgerErrors = ledgerValidation(request, accounts.from, accounts.to);
    if (!ledgerErrors.isEmpty()) {
      return Step.rollBack(new TransferOutcome.Invalid(key, ledgerErrors), null);
    }
    Account from = accounts.from;
    Account to = accounts.to;
    if (!to.canCredit(request.amountMinor())) {
      return Step.rollBack(
          new TransferOutcome.NotExecuted(
              key,
              "The acknowledged posting cannot be restored: it would overflow the balance of "
                  + AccountNumbers.pretty(to.getNumber())
                  + ". Nothing was written; an operator must resolve it."),
          null);
    }
    ReferenceCounter counter = lockReferenceCounter(session);
    String reference;
    String why;
    if (ReferenceCounter.number(acknowledgedReference).isEmpty()) {
      reference = counter.next();
      why =
          acknowledgedReference == null
              ? " (the desk had no reference; this is the next one)"
              : " (\""
                  + acknowledgedReference
                  + "\" is not a reference of this ledger; this is the next one)";
    } else if (referenceTaken(session, acknowledgedReference)) {
      reference = counter.next();
      why =
          " (" + acknowledgedReference + " now belongs to another transfer; this is the next one)";
    } else {
      reference = acknowledgedReference;
      counter.cover(reference);
      why = " (the reference the teller was given)";
    }
    long fromBefore = from.getBalanceMinor();
    Transfer.Posting posting =
        Transfer.restoreAcknowledged(
            reference,
            teller,
            key.value(),
            from,
            to,
            request.amountMinor(),
            request.memoOrEmpty(),
            postedAt);
    LocalDate day = Controls.openDay(session);
    posting.transfer().belongsTo(day, null);
    claim.setBusinessDate(day);
    persist(session, posting);
    claim.decidePosted(posting.transfer());

    StringBuilder detail =
        new StringBuilder("Restored a posting the desk acknowledged")
            .append(acknowledgedReference == null ? "" : " as " + acknowledgedReference)
            .append(" at ")
            .append(UTC_TIME.format(postedAt))
            .append(" and the ledger had no trace of: ")
            .append(request.amount().format())
            .append(" from ")
            .append(AccountNumbers.pretty(from.getNumber()))
            .append(" (")
            .append(from.getHolder())
            .append(") to ")
            .append(AccountNumbers.pretty(to.getNumber()))
            .append(" (")
            .append(to.getHolder())
            .append("), key ")
            .append(key)
            .append(". Posted as ")
            .append(reference)
            .append(why)
            .append('.');
    if (from.getBalanceMinor() < 0) {
      detail
          .append(" The paying account is now overdrawn: ")
          .append(new Money(fromBefore, from.getCurrency()).format())
          .append(" before, ")
          .append(new Money(from.getBalanceMinor(), from.getCurrency()).format())
          .append(" after.");
    }
    for (Account a : new Account[] {from, to}) {
      if (a.getStatus() != AccountStatus.OPEN) {
        detail
            .append(" Account ")
            .append(AccountNumbers.pretty(a.getNumber()))
            .append(" is ")
            .append(a.getStatus().name().toLowerCase(java.util.Locale.ROOT))
            .append("; the posting was restored all the same.");
      }
    }
    if (note != null) {
      detail.append(" Note: ").append(note);
    }
    LedgerIncident incident =
        LedgerIncident.postingRestored(key.value(), reference, detail.toString(), now);
    session.persist(incident);
    AuditTrail.record(
        session,
        now,
        actor,
        AuditEventType.POSTING_RESTORED,
        true,
        reference + ", key " + key,
        "Incident " + incident.getId());
    session.flush();
    TransferOutcome posted = new TransferOutcome.Posted(key, reference, request, postedAt, false);
    return new Step(
        posted,
        true,
        new Restored(reference, incident.getId(), "Incident " + incident.getId() + ": " + detail),
        null);
  }

  private static void persist(Session session, Transfer.Posting posting) {
    session.persist(posting.transfer());
    session.persist(posting.debit());
    session.persist(posting.credit());
  }

  /**
   * Locks the reference counter row until the transaction ends: the next reference is the last plus
   * one and the number is used only if this transaction commits (gapless). On PostgreSQL this row
   * lock is what serialises postings (docs/engine.md); on H2 the writer semaphore already does.
   */
  private static ReferenceCounter lockReferenceCounter(Session session) {
    ReferenceCounter counter =
        session.find(
            ReferenceCounter.class, ReferenceCounter.TRANSFERS, LockModeType.PESSIMISTIC_WRITE);
    if (counter == null) {
      throw new IllegalStateException("The ledger has no reference counter (migration V5).");
    }
    return counter;
  }

  private static boolean referenceTaken(Session session, String reference) {
    return session
            .createSelectionQuery(
                "select count(t) from Transfer t where t.reference = :r", Long.class)
            .setParameter("r", reference)
            .getSingleResult()
        > 0;
  }

  /** The answer of a restore that wrote nothing, in words for the audit's log. */
  private static RestoreResult notRestored(
      IdempotencyKey key, String acknowledgedReference, TransferOutcome outcome) {
    String reference = null;
    String message;
    if (outcome instanceof TransferOutcome.Posted p) {
      reference = p.reference();
      message =
          p.reference().equals(acknowledgedReference)
              ? "The ledger has this posting (" + p.reference() + "); nothing to restore."
              : "The ledger has this key posted as "
                  + p.reference()
                  + ", not "
                  + (acknowledgedReference == null ? "under no reference" : acknowledgedReference)
                  + " as acknowledged; nothing restored. The teller should be told the ledger's"
                  + " reference.";
    } else if (outcome instanceof TransferOutcome.KeyReused k) {
      reference = k.originalReference();
      message =
          "The ledger has this key for a different request"
              + (k.originalReference() == null ? "" : " (posted as " + k.originalReference() + ")")
              + "; nothing restored. An operator must compare the two.";
    } else if (outcome instanceof TransferOutcome.Rejected r) {
      message =
          "The ledger rejected this key ("
              + r.reason().label()
              + ") although the desk acknowledged a posting; nothing restored. An operator must"
              + " look at it.";
    } else if (outcome instanceof TransferOutcome.Voided v) {
      message =
          "The ledger has this key voided (by "
              + v.voidedBy()
              + ": "
              + v.reason()
              + ") although the desk acknowledged a posting; nothing restored. An operator must"
              + " look at it.";
    } else if (outcome instanceof TransferOutcome.Invalid i) {
      message = "Nothing restored: " + i.summary();
    } else if (outcome instanceof TransferOutcome.InProgress ip) {
      message = "Nothing restored yet: " + ip.message();
    } else if (outcome instanceof TransferOutcome.NotExecuted n) {
      message = "Nothing restored: " + n.message();
    } else {
      message = "Not confirmed: " + ((TransferOutcome.OutcomeUnknown) outcome).message();
    }
    return new RestoreResult(
        key,
        false,
        reference,
        reference != null && reference.equals(acknowledgedReference),
        null,
        outcome,
        message);
  }

  private TransferOutcome afterFailure(
      IdempotencyKey key,
      String what,
      ServiceObserver observer,
      Function<Session, Optional<TransferOutcome>> stored,
      RuntimeException e) {
    if (isConflict(e)) {
      return null; // optimistic conflict on an account: rolled back, run again
    }
    switch (SqlErrors.classify(e)) {
      case DUPLICATE_KEY:
        // Another attempt claimed this key and committed first: answer with its decision.
        try {
          Optional<TransferOutcome> decided = sessionFactory.fromSession(stored::apply);
          if (decided.isPresent()) {
            observer.replayed(key, decided.get());
            return decided.get();
          }
        } catch (RuntimeException readFailure) {
          log.warn("Reading {} after a duplicate claim failed", key, readFailure);
        }
        return new TransferOutcome.InProgress(
            key, "Another attempt with this key is finishing; asking again shortly is safe.");
      case LOCK_TIMEOUT:
        return new TransferOutcome.InProgress(
            key,
            "Another attempt with this key (or another posting) is being processed; asking again"
                + " shortly is safe.");
      default:
        log.error("The {} of {} failed and was rolled back", what, key, e);
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

  /**
   * The two accounts of a request (null when unknown). A class, not a record: entities stay inside.
   */
  private static final class Accounts {
    final Account from;
    final Account to;

    Accounts(Account from, Account to) {
      this.from = from;
      this.to = to;
    }
  }

  /**
   * Both accounts in one query (a natural-id load would cost two per account); with {@code lock},
   * locked for the rest of the transaction in id order.
   */
  private static Accounts accounts(Session session, TransferRequest request, boolean lock) {
    Account from = null;
    Account to = null;
    org.hibernate.query.SelectionQuery<Account> query =
        session
            .createSelectionQuery(
                "from Account a where a.number in (:from, :to) order by a.id", Account.class)
            .setParameter("from", request.fromAccount())
            .setParameter("to", request.toAccount());
    if (lock) {
      query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
    }
    for (Account a : query.getResultList()) {
      if (a.getNumber().equals(request.fromAccount())) {
        from = a;
      } else {
        to = a;
      }
    }
    return new Accounts(from, to);
  }

  /** Problems with the request that need the ledger to see, but are still the request's fault. */
  private static List<FieldError> ledgerValidation(TransferRequest r, Account from, Account to) {
    List<FieldError> errors = new ArrayList<>();
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

  /** The ledger-state decision, taken before anything is written; null means post. */
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
    if (!to.canCredit(r.amountMinor())) {
      return RejectionReason.BALANCE_OVERFLOW;
    }
    return null;
  }

  private static String rejectionMessage(
      RejectionReason reason, Account from, Account to, TransferRequest r) {
    if (reason == RejectionReason.INSUFFICIENT_FUNDS) {
      return "Insufficient funds: "
          + from.getHolder()
          + " has "
          + new Money(from.getBalanceMinor(), from.getCurrency()).format()
          + " available, the transfer needs "
          + r.amount().format()
          + ".";
    }
    if (reason == RejectionReason.BALANCE_OVERFLOW) {
      return reason.label()
          + ": "
          + to.getHolder()
          + " holds "
          + new Money(to.getBalanceMinor(), to.getCurrency()).format()
          + ", and "
          + r.amount().format()
          + " more would pass "
          + new Money(Long.MAX_VALUE, to.getCurrency()).format()
          + ". Nothing was moved; the same key always gets this answer.";
    }
    return reason.label() + ".";
  }
}
