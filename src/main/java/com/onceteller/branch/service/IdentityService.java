package com.onceteller.branch.service;

import com.onceteller.branch.ledger.AppUser;
import com.onceteller.branch.ledger.Database;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.FreeText;
import com.onceteller.domain.Permission;
import com.onceteller.domain.Role;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.SignOnResult;
import com.onceteller.domain.TransferValidator;
import com.onceteller.domain.UserSummary;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the ledger: sign-on and sign-off, the lockout after 5 failed tries, unlocking,
 * supervisor authentication for an override, the first administrator of a new real ledger, and user
 * administration. Every step is in the audit trail. A sign-on refusal reads the same whether the
 * user does not exist, the password is wrong or the user is locked, and takes as long (one Argon2id
 * verification each time).
 */
public final class IdentityService {

  private static final Logger log = LoggerFactory.getLogger(IdentityService.class);

  /** Longest user id stored for a failed sign-on (the column allows 64). */
  private static final int TYPED_ID_LENGTH = 64;

  private final Database database;
  private final SessionFactory sf;
  private final AuditTrail audit;
  private final PasswordHasher hasher = new PasswordHasher();

  public IdentityService(Database database, Clock clock) {
    this.database = database;
    this.sf = database.sessionFactory();
    this.audit = new AuditTrail(database, clock);
  }

  /** True while the ledger has no enabled administrator: the desk must ask for the first one. */
  public boolean needsFirstAdministrator() {
    return sf.fromSession(
            s ->
                s.createSelectionQuery(
                        "select count(u) from AppUser u where u.role = :r and u.enabled",
                        Long.class)
                    .setParameter("r", Role.ADMINISTRATOR)
                    .getSingleResult())
        == 0;
  }

  /** True when the ledger has users of the demonstration (their passwords are public). */
  public boolean hasDemoUsers() {
    return sf.fromSession(
            s ->
                s.createSelectionQuery(
                        "select count(u) from AppUser u where u.createdBy = 'demo'", Long.class)
                    .getSingleResult())
        > 0;
  }

  /**
   * Creates the first administrator of a ledger that has none, and signs them on. Refused once the
   * ledger has an administrator (whoever asks: this is how a new real ledger starts).
   *
   * @throws ServiceRefusal INVALID for a bad id, name or password; CONFLICT once an administrator
   *     exists
   */
  public SignOnResult.SignedOn createFirstAdministrator(
      String userId, String displayName, char[] password, String workstation) {
    String id = normalizeId(userId);
    String name = checkNewUser(id, displayName, password);
    AppUser created =
        write(
            s -> {
              long admins =
                  s.createSelectionQuery(
                          "select count(u) from AppUser u where u.role = :r and u.enabled",
                          Long.class)
                      .setParameter("r", Role.ADMINISTRATOR)
                      .setLockMode(LockModeType.NONE)
                      .getSingleResult();
              if (admins > 0) {
                throw new ServiceRefusal(
                    ServiceRefusal.Kind.CONFLICT,
                    "This ledger already has an administrator: sign on, or ask them.");
              }
              if (s.find(AppUser.class, id) != null) {
                throw new ServiceRefusal(
                    ServiceRefusal.Kind.CONFLICT, "The user id " + id + " is taken.");
              }
              Instant now = audit.now();
              AppUser u = new AppUser(id, name, Role.ADMINISTRATOR, hasher.hash(password), id, now);
              s.persist(u);
              AuditTrail.record(
                  s,
                  now,
                  id,
                  workstation,
                  AuditEventType.FIRST_ADMINISTRATOR_CREATED,
                  true,
                  "user " + id,
                  name);
              AuditTrail.record(
                  s, now, id, workstation, AuditEventType.SIGN_ON, true, "user " + id, null);
              return u;
            });
    log.info("First administrator {} created at {}", id, workstation);
    return new SignOnResult.SignedOn(
        new Actor(created.getUserId(), created.getRole(), workstation), created.getDisplayName());
  }

  /**
   * Signs a user on at {@code workstation}. The fifth consecutive failure locks the user (a
   * USER_LOCKED row besides the failure's row); a locked user is refused until unlocked, with the
   * same message as any other refusal.
   */
  public SignOnResult signOn(String userId, char[] password, String workstation) {
    return authenticate(userId, password, workstation, AuditEventType.SIGN_ON, null, true);
  }

  /**
   * Checks the password of a user who signed on before, for a request that carries it again (the
   * branch server's HTTP Basic, after a restart of the server or when its memory of the check has
   * expired). The same rules as a sign-on: a failure is recorded and counts towards the lockout, a
   * locked or disabled user is refused, the refusal never says why; a success is not recorded again
   * (the sign-on was).
   */
  public SignOnResult verifyPassword(String userId, char[] password, String workstation) {
    return authenticate(userId, password, workstation, AuditEventType.SIGN_ON, null, false);
  }

  /**
   * A supervisor authenticates on someone else's desk to approve a request there (over the
   * shoulder). Counts failures like a sign-on; a user who is not a supervisor is refused with the
   * same message. No session starts: the answer's actor is used for the one approval.
   */
  public SignOnResult authenticateSupervisor(
      String userId, char[] password, String workstation, String forWhat) {
    return authenticate(
        userId, password, workstation, AuditEventType.OVERRIDE_AUTHENTICATED, forWhat, true);
  }

  /**
   * The signed-on user unlocks their idle-locked screen with their password. A failure counts
   * towards the lockout like a failed sign-on.
   */
  public boolean unlockScreen(Actor actor, char[] password) {
    SignOnResult r =
        authenticate(
            actor.userId(),
            password,
            actor.workstation(),
            AuditEventType.SCREEN_UNLOCKED,
            "screen of " + actor.userId(),
            true);
    return r instanceof SignOnResult.SignedOn s && s.actor().equals(actor);
  }

  /** Records that the desk locked its screen after being idle. */
  public void screenLocked(Actor actor, String why) {
    audit.recordAlone(
        actor, AuditEventType.SCREEN_LOCKED, true, "screen of " + actor.userId(), why);
  }

  /**
   * Records a sign-off ({@code why}: the user signed off, another user signed on, the app quit).
   */
  public void signOff(Actor actor, String why) {
    if (actor != null) {
      audit.recordAlone(actor, AuditEventType.SIGN_OFF, true, "user " + actor.userId(), why);
    }
  }

  private SignOnResult authenticate(
      String typedId,
      char[] password,
      String workstation,
      AuditEventType event,
      String forWhat,
      boolean recordSuccess) {
    String where = workstation == null || workstation.isBlank() ? "(unknown)" : workstation;
    String id = normalizeId(typedId);
    AuditEventType failed = event == AuditEventType.SIGN_ON ? AuditEventType.SIGN_ON_FAILED : event;
    if (Actor.userIdProblem(id) != null || password == null || password.length == 0) {
      hasher.verifyNothing(password == null ? new char[0] : password);
      audit.recordAlone(
          id == null ? "(none)" : cut(id),
          where,
          failed,
          false,
          forWhat,
          "malformed user id or no password");
      return new SignOnResult.Refused(SignOnResult.REFUSED_MESSAGE);
    }
    UserSummary before = sf.fromSession(s -> summaryOrNull(s.find(AppUser.class, id)));
    if (before == null || !before.enabled() || before.locked()) {
      hasher.verifyNothing(password);
      audit.recordAlone(
          id,
          where,
          failed,
          false,
          forWhat,
          before == null ? "unknown user" : !before.enabled() ? "disabled user" : "locked user");
      return new SignOnResult.Refused(SignOnResult.REFUSED_MESSAGE);
    }
    String hash = sf.fromSession(s -> s.find(AppUser.class, id).getPasswordHash());
    boolean ok = hasher.verify(password, hash);
    boolean supervisorNeeded = event == AuditEventType.OVERRIDE_AUTHENTICATED;
    SignOnResult result =
        write(
            s -> {
              AppUser u = s.find(AppUser.class, id, LockModeType.PESSIMISTIC_WRITE);
              Instant now = audit.now();
              if (u == null || !u.isEnabled() || u.isLocked()) {
                AuditTrail.record(s, now, id, where, failed, false, forWhat, "user changed");
                return new SignOnResult.Refused(SignOnResult.REFUSED_MESSAGE);
              }
              if (!ok) {
                boolean lockedNow = u.signOnFailed(now);
                AuditTrail.record(
                    s,
                    now,
                    id,
                    where,
                    failed,
                    false,
                    forWhat,
                    "wrong password (" + u.getFailedSignOns() + " in a row)");
                if (lockedNow) {
                  AuditTrail.record(
                      s,
                      now,
                      id,
                      where,
                      AuditEventType.USER_LOCKED,
                      true,
                      "user " + id,
                      AppUser.MAX_FAILED_SIGN_ONS + " failed sign-ons in a row");
                }
                return new SignOnResult.Refused(SignOnResult.REFUSED_MESSAGE);
              }
              if (supervisorNeeded && u.getRole() != Role.SUPERVISOR) {
                AuditTrail.record(s, now, id, where, failed, false, forWhat, "not a supervisor");
                return new SignOnResult.Refused(
                    "Refused: an override needs a supervisor's user id and password.");
              }
              u.signedOn();
              if (recordSuccess) {
                AuditTrail.record(
                    s, now, id, where, event, true, forWhat == null ? "user " + id : forWhat, null);
              }
              return new SignOnResult.SignedOn(
                  new Actor(u.getUserId(), u.getRole(), where), u.getDisplayName());
            });
    return result;
  }

  // ---- administration --------------------------------------------------------------------------

  /** The users, for an administrator (all) or a supervisor (to unlock). */
  public List<UserSummary> users(Actor actor) {
    if (actor == null
        || !(actor.may(Permission.MANAGE_USERS) || actor.may(Permission.UNLOCK_USER))) {
      Access.require(audit, actor, Permission.MANAGE_USERS, "users");
    }
    return sf.fromSession(
        s ->
            s
                .createSelectionQuery("from AppUser u order by u.userId", AppUser.class)
                .getResultList()
                .stream()
                .map(IdentityService::summaryOrNull)
                .toList());
  }

  /** Unlocks a user locked after failed sign-ons (a supervisor or an administrator). */
  public UserSummary unlock(Actor actor, String userId) {
    return unlock(actor, userId, null);
  }

  /**
   * {@link #unlock} under the actor's Idempotency-Key ({@code opKey}, the branch API's {@code POST
   * /v1/users/{id}/unlock}): stored with the unlock, replayed on a retry.
   */
  public KeyedOperations.Answer unlock(
      KeyedOperations keyed,
      com.onceteller.domain.IdempotencyKey opKey,
      java.util.function.Function<UserSummary, String> encode,
      Actor actor,
      String userId) {
    return keyed.run(
        new KeyedOperations.Request(
            actor, opKey, "UNLOCK_USER", KeyedOperations.fingerprint(String.valueOf(userId))),
        encode,
        hook -> unlock(actor, userId, hook));
  }

  /**
   * {@link #createUser} under the administrator's Idempotency-Key ({@code opKey}, the branch API's
   * {@code POST /v1/users}): stored with the user, replayed on a retry. The password is not part of
   * the stored fingerprint (only the id, name and role are), and never stored but as its hash.
   */
  public KeyedOperations.Answer createUser(
      KeyedOperations keyed,
      com.onceteller.domain.IdempotencyKey opKey,
      java.util.function.Function<UserSummary, String> encode,
      Actor actor,
      String userId,
      String displayName,
      Role role,
      char[] password) {
    return keyed.run(
        new KeyedOperations.Request(
            actor,
            opKey,
            "CREATE_USER",
            KeyedOperations.fingerprint(
                String.join(
                    "\n",
                    String.valueOf(userId),
                    String.valueOf(displayName),
                    String.valueOf(role)))),
        encode,
        hook -> createUser(actor, userId, displayName, role, password, hook));
  }

  private UserSummary unlock(
      Actor actor, String userId, java.util.function.BiConsumer<Session, UserSummary> hook) {
    Access.require(audit, actor, Permission.UNLOCK_USER, "user " + userId);
    String id = normalizeId(userId);
    return write(
        s -> {
          checkActor(s, actor, "user " + id);
          AppUser u = existing(s, id);
          boolean was = u.isLocked();
          u.unlock();
          AuditTrail.record(
              s,
              audit.now(),
              actor,
              AuditEventType.USER_UNLOCKED,
              true,
              "user " + id,
              was ? null : "was not locked");
          return ApprovalService.stored(s, hook, summaryOrNull(u));
        });
  }

  /** Creates a user (an administrator). */
  public UserSummary createUser(
      Actor actor, String userId, String displayName, Role role, char[] password) {
    return createUser(actor, userId, displayName, role, password, null);
  }

  private UserSummary createUser(
      Actor actor,
      String userId,
      String displayName,
      Role role,
      char[] password,
      java.util.function.BiConsumer<Session, UserSummary> hook) {
    Access.require(audit, actor, Permission.MANAGE_USERS, "user " + userId);
    String id = normalizeId(userId);
    String name = checkNewUser(id, displayName, password);
    if (role == null) {
      throw ServiceRefusal.invalid("Choose a role.");
    }
    return write(
        s -> {
          checkActor(s, actor, "user " + id);
          if (s.find(AppUser.class, id) != null) {
            throw new ServiceRefusal(
                ServiceRefusal.Kind.CONFLICT, "The user id " + id + " is taken.");
          }
          Instant now = audit.now();
          AppUser u = new AppUser(id, name, role, hasher.hash(password), actor.userId(), now);
          s.persist(u);
          AuditTrail.record(
              s, now, actor, AuditEventType.USER_CREATED, true, "user " + id, role.name());
          s.flush();
          return ApprovalService.stored(s, hook, summaryOrNull(u));
        });
  }

  /** Changes a user's role (an administrator; never their own, so one admin always remains). */
  public UserSummary changeRole(Actor actor, String userId, Role role) {
    Access.require(audit, actor, Permission.MANAGE_USERS, "user " + userId);
    String id = normalizeId(userId);
    if (id.equals(actor.userId())) {
      throw ServiceRefusal.invalid("Your own role is changed by another administrator.");
    }
    return write(
        s -> {
          checkActor(s, actor, "user " + id);
          AppUser u = existing(s, id);
          Role was = u.getRole();
          u.changeRole(role);
          AuditTrail.record(
              s,
              audit.now(),
              actor,
              AuditEventType.USER_CHANGED,
              true,
              "user " + id,
              "role " + was + " -> " + role);
          return summaryOrNull(u);
        });
  }

  /** Disables or enables a user (an administrator; never themself). */
  public UserSummary setEnabled(Actor actor, String userId, boolean enabled) {
    Access.require(audit, actor, Permission.MANAGE_USERS, "user " + userId);
    String id = normalizeId(userId);
    if (id.equals(actor.userId())) {
      throw ServiceRefusal.invalid("You cannot disable yourself.");
    }
    return write(
        s -> {
          checkActor(s, actor, "user " + id);
          AppUser u = existing(s, id);
          u.setEnabled(enabled);
          AuditTrail.record(
              s,
              audit.now(),
              actor,
              AuditEventType.USER_CHANGED,
              true,
              "user " + id,
              enabled ? "enabled" : "disabled");
          return summaryOrNull(u);
        });
  }

  /** Sets a new password for a user (an administrator), e.g. one who forgot theirs. */
  public void resetPassword(Actor actor, String userId, char[] password) {
    Access.require(audit, actor, Permission.MANAGE_USERS, "user " + userId);
    String id = normalizeId(userId);
    String problem = PasswordHasher.passwordProblem(password);
    if (problem != null) {
      throw ServiceRefusal.invalid(problem);
    }
    String hash = hasher.hash(password);
    write(
        s -> {
          checkActor(s, actor, "user " + id);
          AppUser u = existing(s, id);
          Instant now = audit.now();
          u.changePassword(hash, now);
          AuditTrail.record(
              s, now, actor, AuditEventType.PASSWORD_CHANGED, true, "user " + id, "reset");
          return null;
        });
  }

  /** The signed-on user changes their own password, giving the current one. */
  public void changeOwnPassword(Actor actor, char[] current, char[] password) {
    if (actor == null) {
      throw ServiceRefusal.notPermitted(null, Permission.VIEW_JOURNAL);
    }
    String problem = PasswordHasher.passwordProblem(password);
    if (problem != null) {
      throw ServiceRefusal.invalid(problem);
    }
    if (!unlockScreen(actor, current)) {
      throw ServiceRefusal.invalid("The current password is not right.");
    }
    String hash = hasher.hash(password);
    write(
        s -> {
          AppUser u = existing(s, actor.userId());
          Instant now = audit.now();
          u.changePassword(hash, now);
          AuditTrail.record(
              s,
              now,
              actor,
              AuditEventType.PASSWORD_CHANGED,
              true,
              "user " + actor.userId(),
              "own");
          return null;
        });
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void checkActor(Session s, Actor actor, String affected) {
    String problem = Access.userProblem(s, actor);
    if (problem != null) {
      throw new ServiceRefusal(ServiceRefusal.Kind.NOT_PERMITTED, problem);
    }
  }

  private static AppUser existing(Session s, String id) {
    AppUser u = s.find(AppUser.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (u == null) {
      throw new ServiceRefusal(ServiceRefusal.Kind.NOT_FOUND, "There is no user " + id + ".");
    }
    return u;
  }

  private String checkNewUser(String id, String displayName, char[] password) {
    String problem = Actor.userIdProblem(id);
    if (problem != null) {
      throw ServiceRefusal.invalid(problem);
    }
    String name = FreeText.line(displayName);
    problem = TransferValidator.lineProblem("The name", name, 120);
    if (problem != null) {
      throw ServiceRefusal.invalid(problem);
    }
    problem = PasswordHasher.passwordProblem(password);
    if (problem != null) {
      throw ServiceRefusal.invalid(problem);
    }
    return name;
  }

  /** One transaction, committed and synced; a refusal thrown inside rolls it back. */
  private <T> T write(java.util.function.Function<Session, T> body) {
    T result = sf.fromTransaction(body::apply);
    sf.inSession(s -> s.doWork(database::durabilityBarrier));
    return result;
  }

  static String normalizeId(String typed) {
    return typed == null ? null : typed.strip().toLowerCase(Locale.ROOT);
  }

  private static String cut(String s) {
    return s.length() > TYPED_ID_LENGTH ? s.substring(0, TYPED_ID_LENGTH) : s;
  }

  static UserSummary summaryOrNull(AppUser u) {
    return u == null
        ? null
        : new UserSummary(
            u.getUserId(),
            u.getDisplayName(),
            u.getRole(),
            u.isEnabled(),
            u.isLocked(),
            u.getFailedSignOns(),
            u.getLockedAt());
  }
}
