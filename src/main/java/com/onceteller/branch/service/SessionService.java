package com.onceteller.branch.service;

import com.onceteller.branch.ledger.Database;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.hibernate.SessionFactory;

/**
 * Sessions of the branch API: after a checked sign-on the desk gets an opaque random token (256
 * bits, base64url) and sends it instead of the password ({@code Authorization: Bearer …}). The
 * ledger stores only the token's SHA-256 (V19), with the user, role and workstation it was started
 * for and its expiry, so a session survives a restart of the server and a copy of the database lets
 * nobody in. A session ends at its expiry or at sign-off (an appended {@code session_end} row);
 * every use checks that the user still exists, is enabled and holds that role.
 */
public final class SessionService {

  /** How long a session lasts at most (a teller's working day). */
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

  private final Database database;
  private final SessionFactory sf;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();

  public SessionService(Database database, Clock clock, Duration lifetime) {
    this.database = database;
    this.sf = database.sessionFactory();
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** A started session: the token (shown once, never stored) and when it expires. */
  public record Started(String token, Instant expiresAt) {}

  /** Starts a session for {@code actor}, who has just signed on with their password. */
  public Started start(Actor actor) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant now = clock.instant();
    Instant expires = now.plus(lifetime);
    sf.inTransaction(
        s ->
            s.createNativeMutationQuery(
                    "insert into session_token (token_hash, user_id, role, workstation, started_at,"
                        + " expires_at) values (:h, :u, :r, :w, :s, :e)")
                .setParameter("h", KeyedOperations.fingerprint(token))
                .setParameter("u", actor.userId())
                .setParameter("r", actor.role().name())
                .setParameter("w", actor.workstation())
                .setParameter("s", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter("e", OffsetDateTime.ofInstant(expires, ZoneOffset.UTC))
                .executeUpdate());
    sf.inSession(x -> x.doWork(database::durabilityBarrier));
    return new Started(token, expires);
  }

  /**
   * The actor of a live session, or empty (unknown, expired, ended, or the user disabled, locked or
   * of another role since).
   */
  public Optional<Actor> actorOf(String token) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    String hash = KeyedOperations.fingerprint(token.strip());
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return sf.fromSession(
        s -> {
          Object[] row =
              s.createNativeQuery(
                      "select t.user_id, t.role, t.workstation from session_token t"
                          + " where t.token_hash = :h and t.expires_at > :now and not exists"
                          + " (select 1 from session_end e where e.token_hash = t.token_hash)",
                      Object[].class)
                  .setParameter("h", hash)
                  .setParameter("now", now)
                  .getResultStream()
                  .findFirst()
                  .orElse(null);
          if (row == null) {
            return Optional.<Actor>empty();
          }
          Actor actor;
          try {
            actor = new Actor((String) row[0], Role.valueOf((String) row[1]), (String) row[2]);
          } catch (IllegalArgumentException e) {
            return Optional.<Actor>empty();
          }
          return Access.userProblem(s, actor) == null
              ? Optional.of(actor)
              : Optional.<Actor>empty();
        });
  }

  /** Ends the session of {@code token} (sign-off); ending it twice is harmless. */
  public void end(String token, String reason) {
    if (token == null || token.isBlank()) {
      return;
    }
    String hash = KeyedOperations.fingerprint(token.strip());
    try {
      sf.inTransaction(
          s ->
              s.createNativeMutationQuery(
                      "insert into session_end (token_hash, ended_at, reason)"
                          + " select token_hash, :t, :r from session_token where token_hash = :h")
                  .setParameter("h", hash)
                  .setParameter("t", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                  .setParameter("r", reason.length() > 200 ? reason.substring(0, 200) : reason)
                  .executeUpdate());
      sf.inSession(x -> x.doWork(database::durabilityBarrier));
    } catch (RuntimeException e) {
      if (SqlErrors.classify(e) != SqlErrors.Kind.DUPLICATE_KEY) {
        throw e;
      }
    }
  }
}
