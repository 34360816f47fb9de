package com.onceteller.branch.service;

import com.onceteller.branch.ledger.ApprovalRecord;
import com.onceteller.branch.ledger.IdempotencyRecord;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Approval;
import com.onceteller.domain.ApprovalResult;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.FreeText;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.PendingApproval;
import com.onceteller.domain.Permission;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.SignOnResult;
import com.onceteller.domain.TransferLimits;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import com.onceteller.domain.TransferValidator;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's override of a limit. A request above a limit is stored as "needs approval" under
 * the teller's key; a supervisor (never the maker) approves it over the teller's shoulder or from
 * the queue on their own desk, and the approval (who, when, why) binds to the key and the request's
 * fingerprint. The teller's next attempt with the same key then posts once ({@link
 * TransferService#submit}). A decline voids the key. Approving the same key twice stores one
 * approval (the unique constraint); the second answer replays it, or is refused if it differs.
 */
public final class ApprovalService {

  private static final Logger log = LoggerFactory.getLogger(ApprovalService.class);

  private final TransferService transfers;
  private final IdentityService identity;
  private final SessionFactory sf;
  private final AuditTrail audit;

  public ApprovalService(TransferService transfers, IdentityService identity) {
    this.transfers = transfers;
    this.identity = identity;
    this.sf = transfers.database().sessionFactory();
    this.audit = transfers.audit();
  }

  /** Requests waiting for approval, oldest first, except the supervisor's own. */
  public List<PendingApproval> queue(Actor supervisor) {
    Access.require(audit, supervisor, Permission.APPROVE, "approval queue");
    return sf.fromSession(
        s ->
            s
                .createSelectionQuery(
                    "from IdempotencyRecord r where r.outcome = :o and r.tellerId <> :me"
                        + " and not exists (from ApprovalRecord a where a.tellerId = r.tellerId"
                        + " and a.key = r.key) order by r.decidedAt, r.id",
                    IdempotencyRecord.class)
                .setParameter("o", IdempotencyRecord.Decision.NEEDS_APPROVAL)
                .setParameter("me", supervisor.userId())
                .getResultList()
                .stream()
                .map(ApprovalService::pending)
                .toList());
  }

  /** The request waiting for approval under {@code tellerId}'s {@code key}, if it is. */
  public Optional<PendingApproval> pending(Actor supervisor, String tellerId, IdempotencyKey key) {
    Access.require(audit, supervisor, Permission.APPROVE, "key " + key);
    return sf.fromSession(
        s -> {
          IdempotencyRecord r = record(s, tellerId, key, false);
          return r == null || r.getOutcome() != IdempotencyRecord.Decision.NEEDS_APPROVAL
              ? Optional.<PendingApproval>empty()
              : Optional.of(pending(r));
        });
  }

  /**
   * A supervisor approves {@code tellerId}'s request under {@code key}, the one with {@code
   * fingerprint} (what the supervisor was shown). The approval is stored and synced; the teller's
   * next attempt with the key posts it.
   *
   * @throws ServiceRefusal NOT_PERMITTED (not a supervisor, or the maker), NOT_FOUND (nothing waits
   *     under the key), CONFLICT (another request than the one shown, or already approved
   *     differently, or decided meanwhile), INVALID (no reason), UNAVAILABLE (the ledger is busy)
   */
  public ApprovalResult approve(
      Actor supervisor,
      String tellerId,
      IdempotencyKey key,
      String fingerprint,
      String reason,
      Approval.Mode mode) {
    return approve(supervisor, tellerId, key, fingerprint, reason, mode, null);
  }

  /**
   * {@link #approve} under the supervisor's own Idempotency-Key ({@code opKey}, the branch API's
   * {@code POST /v1/approvals}): the answer is stored with the approval, and a retry replays it.
   */
  public KeyedOperations.Answer approve(
      KeyedOperations keyed,
      IdempotencyKey opKey,
      Function<ApprovalResult, String> encode,
      Actor supervisor,
      String tellerId,
      IdempotencyKey key,
      String fingerprint,
      String reason,
      Approval.Mode mode) {
    KeyedOperations.Request r =
        new KeyedOperations.Request(
            supervisor,
            opKey,
            "APPROVE",
            KeyedOperations.fingerprint(
                String.join(
                    "\n", tellerId, String.valueOf(key), fingerprint, reason, mode.name())));
    return keyed.run(
        r, encode, hook -> approve(supervisor, tellerId, key, fingerprint, reason, mode, hook));
  }

  /**
   * {@link #decline} under the actor's own Idempotency-Key ({@code opKey}): the answer (the key's
   * decision now) is stored with the decline, and a retry replays it.
   */
  public KeyedOperations.Answer decline(
      KeyedOperations keyed,
      IdempotencyKey opKey,
      Function<TransferOutcome, String> encode,
      Actor actor,
      String tellerId,
      IdempotencyKey key,
      String reason) {
    KeyedOperations.Request r =
        new KeyedOperations.Request(
            actor,
            opKey,
            "DECLINE",
            KeyedOperations.fingerprint(
                String.join("\n", tellerId, String.valueOf(key), String.valueOf(reason))));
    return keyed.run(r, encode, hook -> decline(actor, tellerId, key, reason, hook));
  }

  private ApprovalResult approve(
      Actor supervisor,
      String tellerId,
      IdempotencyKey key,
      String fingerprint,
      String reason,
      Approval.Mode mode,
      BiConsumer<Session, ApprovalResult> hook) {
    String affected = "teller " + tellerId + ", key " + key;
    Access.require(audit, supervisor, Permission.APPROVE, affected);
    if (supervisor.userId().equals(tellerId)) {
      String problem = "A supervisor never approves their own request: another supervisor must.";
      audit.recordAlone(supervisor, AuditEventType.ACCESS_DENIED, false, affected, problem);
      throw new ServiceRefusal(ServiceRefusal.Kind.NOT_PERMITTED, problem);
    }
    String why = FreeText.line(reason);
    String problem =
        TransferValidator.lineProblem("The reason", why, TransferLimits.MAX_REASON_LENGTH);
    if (problem != null) {
      throw ServiceRefusal.invalid(problem);
    }
    if (key == null || fingerprint == null || mode == null) {
      throw ServiceRefusal.invalid("Which request is approved is missing.");
    }
    ApprovalResult result =
        write(
            s -> {
              IdempotencyRecord r = record(s, tellerId, key, true);
              String userProblem = Access.userProblem(s, supervisor);
              if (userProblem != null) {
                throw new ServiceRefusal(ServiceRefusal.Kind.NOT_PERMITTED, userProblem);
              }
              ApprovalRecord existing = StoredOutcomes.approvalRecord(s, tellerId, key);
              if (existing != null) {
                if (existing.getApproverId().equals(supervisor.userId())
                    && existing.getFingerprint().equals(fingerprint)) {
                  return new ApprovalResult(
                      StoredOutcomes.approval(existing),
                      true,
                      "Already approved by you at " + existing.getApprovedAt() + ".");
                }
                throw new ServiceRefusal(
                    ServiceRefusal.Kind.CONFLICT,
                    "Already approved by " + existing.getApproverId() + ".");
              }
              if (r == null || r.getOutcome() != IdempotencyRecord.Decision.NEEDS_APPROVAL) {
                throw new ServiceRefusal(
                    r == null ? ServiceRefusal.Kind.NOT_FOUND : ServiceRefusal.Kind.CONFLICT,
                    r == null
                        ? "Nothing waits for approval under this key."
                        : "This request is no longer waiting for approval ("
                            + r.getOutcome().name().toLowerCase(java.util.Locale.ROOT)
                            + ").");
              }
              if (!fingerprint.equals(r.getFingerprint())) {
                throw new ServiceRefusal(
                    ServiceRefusal.Kind.CONFLICT,
                    "The request waiting under this key is not the one you were shown.");
              }
              Instant now = audit.now();
              ApprovalRecord a =
                  new ApprovalRecord(
                      tellerId,
                      key.value(),
                      fingerprint,
                      supervisor.userId(),
                      supervisor.workstation(),
                      now,
                      why,
                      mode);
              s.persist(a);
              s.flush(); // the unique (teller, key): a second approval at once collides here
              AuditTrail.record(
                  s,
                  now,
                  supervisor,
                  AuditEventType.APPROVED,
                  true,
                  affected,
                  mode + ": " + why + " (" + r.getApprovalNeeded() + ")");
              return stored(
                  s,
                  hook,
                  new ApprovalResult(
                      StoredOutcomes.approval(a),
                      false,
                      "Approved. The teller's next attempt with this key posts it once."));
            },
            () -> {
              // Lost a race with another approval of the key: answer with what is stored now.
              ApprovalRecord existing =
                  sf.fromSession(s -> StoredOutcomes.approvalRecord(s, tellerId, key));
              if (existing != null
                  && existing.getApproverId().equals(supervisor.userId())
                  && existing.getFingerprint().equals(fingerprint)) {
                return new ApprovalResult(
                    StoredOutcomes.approval(existing), true, "Already approved by you.");
              }
              throw new ServiceRefusal(
                  ServiceRefusal.Kind.CONFLICT,
                  existing == null
                      ? "Another approval of this key is being written; look again."
                      : "Already approved by " + existing.getApproverId() + ".");
            });
    if (!result.replayed()) {
      log.info("Key {} of {} approved by {} ({})", key, tellerId, supervisor.userId(), mode);
    }
    return result;
  }

  /**
   * Over the shoulder: the supervisor types their user id and password on the teller's desk, and
   * approves there. A wrong password counts towards their lockout.
   *
   * @throws ServiceRefusal NOT_PERMITTED when the supervisor is not authenticated; as {@link
   *     #approve} otherwise
   */
  public ApprovalResult approveOverTheShoulder(
      String supervisorId,
      char[] password,
      String workstation,
      String tellerId,
      IdempotencyKey key,
      String fingerprint,
      String reason) {
    SignOnResult r =
        identity.authenticateSupervisor(
            supervisorId, password, workstation, "teller " + tellerId + ", key " + key);
    if (r instanceof SignOnResult.SignedOn s) {
      return approve(
          s.actor(), tellerId, key, fingerprint, reason, Approval.Mode.OVER_THE_SHOULDER);
    }
    throw new ServiceRefusal(
        ServiceRefusal.Kind.NOT_PERMITTED, ((SignOnResult.Refused) r).message());
  }

  /**
   * Declines the request waiting under {@code tellerId}'s {@code key}: the key is voided by the
   * supervisor (it can never post). The maker may withdraw their own request the same way.
   *
   * @return the key's decision now: {@code Voided}, or what it became meanwhile
   */
  public TransferOutcome decline(Actor actor, String tellerId, IdempotencyKey key, String reason) {
    return decline(actor, tellerId, key, reason, null);
  }

  private TransferOutcome decline(
      Actor actor,
      String tellerId,
      IdempotencyKey key,
      String reason,
      BiConsumer<Session, TransferOutcome> hook) {
    String affected = "teller " + tellerId + ", key " + key;
    boolean own = actor != null && actor.userId().equals(tellerId);
    Access.require(audit, actor, own ? Permission.POST_TRANSFER : Permission.APPROVE, affected);
    String why = FreeText.line(reason);
    String problem =
        TransferValidator.lineProblem("The reason", why, TransferLimits.MAX_REASON_LENGTH);
    if (problem != null) {
      throw ServiceRefusal.invalid(problem);
    }
    return write(
        s -> {
          IdempotencyRecord r = record(s, tellerId, key, true);
          if (r == null) {
            throw new ServiceRefusal(
                ServiceRefusal.Kind.NOT_FOUND, "Nothing waits for approval under this key.");
          }
          TransferRequest request =
              r.getRequestCanonical() == null
                  ? null
                  : TransferRequest.fromCanonicalForm(r.getRequestCanonical());
          if (r.getOutcome() == IdempotencyRecord.Decision.NEEDS_APPROVAL) {
            Instant now = audit.now();
            r.decline(actor.userId(), why);
            AuditTrail.record(
                s,
                now,
                actor,
                own ? AuditEventType.VOIDED : AuditEventType.DECLINED,
                true,
                affected,
                why);
          }
          return stored(
              s,
              hook,
              StoredOutcomes.read(
                      s,
                      tellerId,
                      key,
                      request,
                      r.getFingerprint() == null ? "" : r.getFingerprint(),
                      true)
                  .orElseThrow());
        },
        () -> {
          throw new ServiceRefusal(
              ServiceRefusal.Kind.UNAVAILABLE, "The ledger is busy; try again.");
        });
  }

  /** Hands the result to the keyed operation's hook, inside the transaction. */
  static <T> T stored(Session s, BiConsumer<Session, T> hook, T result) {
    if (hook != null) {
      hook.accept(s, result);
    }
    return result;
  }

  private static PendingApproval pending(IdempotencyRecord r) {
    return new PendingApproval(
        r.getTellerId(),
        new IdempotencyKey(r.getKey()),
        r.getRequestCanonical() == null
            ? null
            : TransferRequest.fromCanonicalForm(r.getRequestCanonical()),
        r.getFingerprint(),
        r.getApprovalNeeded(),
        r.getDecidedAt(),
        r.getBusinessDate());
  }

  private static IdempotencyRecord record(
      Session s, String tellerId, IdempotencyKey key, boolean lock) {
    var q =
        s.createSelectionQuery(
                "from IdempotencyRecord r where r.tellerId = :t and r.key = :k",
                IdempotencyRecord.class)
            .setParameter("t", tellerId)
            .setParameter("k", key.value());
    if (lock) {
      q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
    }
    return q.getSingleResultOrNull();
  }

  /**
   * One transaction under the ledger's writer, committed and synced. A unique-constraint collision
   * (another approval of the key at the same moment) answers with {@code onDuplicate}.
   */
  private <T> T write(
      java.util.function.Function<Session, T> body, java.util.function.Supplier<T> onDuplicate) {
    Optional<T> done =
        transfers.withWriter(
            () -> {
              T result;
              try {
                result = sf.fromTransaction(body::apply);
              } catch (ServiceRefusal e) {
                throw e;
              } catch (RuntimeException e) {
                if (SqlErrors.classify(e) == SqlErrors.Kind.DUPLICATE_KEY) {
                  return onDuplicate.get();
                }
                throw new ServiceRefusal(
                    ServiceRefusal.Kind.UNAVAILABLE,
                    "The ledger could not write it (" + e.getClass().getSimpleName() + ").");
              }
              sf.inSession(x -> x.doWork(transfers.database()::durabilityBarrier));
              return result;
            });
    return done.orElseThrow(
        () ->
            new ServiceRefusal(ServiceRefusal.Kind.UNAVAILABLE, "The ledger is busy; try again."));
  }
}
