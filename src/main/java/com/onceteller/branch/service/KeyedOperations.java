package com.onceteller.branch.service;

import com.onceteller.branch.ledger.Database;
import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.ServiceRefusal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Writes other than transfers made under an Idempotency-Key (approvals, declines, closing a day,
 * user administration): the answer of the write is stored under the user's key <em>in the write's
 * own transaction</em> (table {@code operation_record}, V17, append-only), so a retry with the key
 * replays it and the write happens once. A refusal for the ledger's state ({@code CONFLICT}, {@code
 * NOT_FOUND}) is stored too and replays; a refusal of the request itself ({@code INVALID}) or of
 * who asks ({@code NOT_PERMITTED}), and a write that did not happen ({@code UNAVAILABLE}) are not,
 * so a corrected or later request may use the key.
 *
 * <p>The caller encodes the result ({@code encode}); the stored text is opaque here. Keys are
 * scoped per user, like transfer keys. The same key with another operation or request is {@link
 * KeyReused}; while a request with the key is being processed in this server, another is {@link
 * InProgress}; across servers the unique index decides and the loser replays the winner's answer.
 */
public final class KeyedOperations {

  /** A keyed write: who, under which key, which operation, and the request's fingerprint. */
  public record Request(Actor actor, IdempotencyKey key, String operation, String fingerprint) {}

  /** What a keyed write answers. */
  public sealed interface Answer permits Done, Refused, KeyReused, InProgress {}

  /**
   * The write happened (now, or before: {@code replayed}); {@code body} as the caller encoded it.
   */
  public record Done(String body, boolean replayed, Instant decidedAt) implements Answer {}

  /** A stored refusal for the ledger's state (now, or before). */
  public record Refused(ServiceRefusal.Kind kind, String message, boolean replayed)
      implements Answer {}

  /** The key was used for another operation or another request. */
  public record KeyReused(String operation, Instant decidedAt) implements Answer {}

  /** Another request with the key is being processed now. */
  public record InProgress() implements Answer {}

  private final Database database;
  private final SessionFactory sf;
  private final Clock clock;
  private final ServiceObserver observer;
  private final ConcurrentHashMap<String, Boolean> inFlight = new ConcurrentHashMap<>();

  public KeyedOperations(Database database, Clock clock, ServiceObserver observer) {
    this.database = database;
    this.sf = database.sessionFactory();
    this.clock = clock;
    this.observer = observer == null ? ServiceObserver.NONE : observer;
  }

  /** SHA-256 (hex) of a request's canonical text, as stored. */
  public static String fingerprint(String canonical) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code write} once per key. {@code write} gets the hook to call inside its transaction
   * with its result, which stores the encoded answer there; a write that returns without calling it
   * (an answer found, not made) has its answer stored on its own.
   */
  <T> Answer run(Request r, Function<T, String> encode, Function<BiConsumer<Session, T>, T> write) {
    Optional<Answer> before = stored(r);
    if (before.isPresent()) {
      return before.get();
    }
    String flight = r.actor().userId() + "\u0000" + r.key();
    if (inFlight.putIfAbsent(flight, Boolean.TRUE) != null) {
      return new InProgress();
    }
    try {
      before = stored(r); // decided between the first look and taking the flight
      if (before.isPresent()) {
        return before.get();
      }
      boolean[] storedInside = new boolean[1];
      String[] encoded = new String[1];
      Instant[] at = new Instant[1];
      T result;
      try {
        result =
            write.apply(
                (s, t) -> {
                  encoded[0] = encode.apply(t);
                  at[0] = clock.instant();
                  insert(s, r, "DONE", encoded[0], at[0]);
                  observer.keyClaimed(r.key());
                  storedInside[0] = true;
                });
      } catch (ServiceRefusal e) {
        if (e.kind() == ServiceRefusal.Kind.CONFLICT || e.kind() == ServiceRefusal.Kind.NOT_FOUND) {
          return storeAlone(r, e.kind().name(), e.getMessage())
              .orElse(new Refused(e.kind(), e.getMessage(), false));
        }
        // Not written; but a request with this key in another server may have won meanwhile.
        Optional<Answer> now = stored(r);
        if (now.isPresent()) {
          return now.get();
        }
        throw e;
      }
      if (storedInside[0]) {
        return new Done(encoded[0], false, at[0]);
      }
      String body = encode.apply(result);
      return storeAlone(r, "DONE", body).orElse(new Done(body, false, clock.instant()));
    } finally {
      inFlight.remove(flight);
    }
  }

  /** Stores an answer in its own transaction; empty when stored, else the answer already there. */
  private Optional<Answer> storeAlone(Request r, String outcome, String answer) {
    try {
      sf.inTransaction(s -> insert(s, r, outcome, answer, clock.instant()));
      sf.inSession(x -> x.doWork(database::durabilityBarrier));
      return Optional.empty();
    } catch (RuntimeException e) {
      Optional<Answer> now = stored(r);
      if (now.isPresent()) {
        return now;
      }
      throw new ServiceRefusal(
          ServiceRefusal.Kind.UNAVAILABLE,
          "The ledger could not store the answer (" + e.getClass().getSimpleName() + ").");
    }
  }

  private static void insert(Session s, Request r, String outcome, String answer, Instant at) {
    s.createNativeMutationQuery(
            "insert into operation_record"
                + " (user_id, idem_key, operation, fingerprint, outcome, answer, decided_at)"
                + " values (:u, :k, :o, :f, :out, :a, :t)")
        .setParameter("u", r.actor().userId())
        .setParameter("k", r.key().toString())
        .setParameter("o", r.operation())
        .setParameter("f", r.fingerprint())
        .setParameter("out", outcome)
        .setParameter("a", answer)
        .setParameter("t", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .executeUpdate();
  }

  /** The answer stored under the request's key, replayed, or KeyReused; empty when none. */
  private Optional<Answer> stored(Request r) {
    Object[] row =
        sf.fromSession(
            s ->
                (Object[])
                    s.createNativeQuery(
                            "select operation, fingerprint, outcome, answer, decided_at"
                                + " from operation_record where user_id = :u and idem_key = :k",
                            Object[].class)
                        .setParameter("u", r.actor().userId())
                        .setParameter("k", r.key().toString())
                        .getResultStream()
                        .findFirst()
                        .orElse(null));
    if (row == null) {
      return Optional.empty();
    }
    Instant at = instant(row[4]);
    if (!r.operation().equals(row[0]) || !r.fingerprint().equals(row[1])) {
      return Optional.of(new KeyReused((String) row[0], at));
    }
    String outcome = (String) row[2];
    String answer = row[3] instanceof java.sql.Clob c ? clob(c) : String.valueOf(row[3]);
    return Optional.of(
        "DONE".equals(outcome)
            ? new Done(answer, true, at)
            : new Refused(ServiceRefusal.Kind.valueOf(outcome), answer, true));
  }

  private static Instant instant(Object o) {
    if (o instanceof Instant i) {
      return i;
    } else if (o instanceof OffsetDateTime t) {
      return t.toInstant();
    } else if (o instanceof java.sql.Timestamp t) {
      return t.toInstant();
    } else if (o instanceof java.time.ZonedDateTime z) {
      return z.toInstant();
    }
    return null;
  }

  private static String clob(java.sql.Clob c) {
    try {
      return c.getSubString(1, (int) c.length());
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
