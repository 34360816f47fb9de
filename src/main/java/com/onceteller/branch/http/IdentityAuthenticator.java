package com.onceteller.branch.http;

import com.onceteller.branch.service.IdentityService;
import com.onceteller.branch.service.SessionService;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Role;
import com.onceteller.domain.SignOnResult;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic against the ledger's users ({@link IdentityService}): the user id and the password a
 * teller signed on with, sent with every request over TLS. Checking an Argon2id hash costs tens of
 * milliseconds by design, so a checked password is remembered for {@link #DEFAULT_TTL} — as a
 * SHA-256 of it under a random key of this process, never the password — and the next request with
 * the same user and password is answered from memory; a wrong one is checked by the ledger (and
 * counts towards the user's lockout). A restart of the server forgets everything: the first request
 * of each teller afterwards is checked again, without a second SIGN_ON in the audit trail. A
 * disabled user or a changed role is refused by the service at the next write anyway (it checks the
 * user in every writing transaction).
 */
public final class IdentityAuthenticator implements Authenticator {

  /** How long a checked password is remembered. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  private record Checked(byte[] digest, Role role, Instant at) {}

  private record Credentials(String userId, char[] password) {}

  private final IdentityService identity;
  private final Clock clock;
  private final Duration ttl;
  private final byte[] processKey = new byte[32];
  private final ConcurrentHashMap<String, Checked> checked = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  private final SessionService sessions;

  public IdentityAuthenticator(
      IdentityService identity, SessionService sessions, Clock clock, Duration ttl) {
    this.identity = identity;
    this.sessions = sessions;
    this.clock = clock;
    this.ttl = ttl;
    new SecureRandom().nextBytes(processKey);
  }

  public IdentityAuthenticator(IdentityService identity, SessionService sessions) {
    this(identity, sessions, Clock.systemUTC(), DEFAULT_TTL);
  }

  @Override
  public SessionService.Started startSession(Actor actor) {
    return sessions.start(actor);
  }

  @Override
  public void endSession(String authorization, String why) {
    String token = bearer(authorization);
    if (token != null) {
      sessions.end(token, why);
    }
  }

  /** The token of a {@code Bearer} header, or null. */
  private static String bearer(String authorization) {
    return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7).strip()
        : null;
  }

  @Override
  public Actor authenticate(String authorization, String workstation) throws Unauthenticated {
    String token = bearer(authorization);
    if (token != null) {
      // The session's own workstation: a token is bound to the desk it was issued to.
      return sessions
          .actorOf(token)
          .orElseThrow(
              () ->
                  new Unauthenticated(
                      "The session is unknown, has ended or has expired: sign on again."));
    }
    Credentials c = credentials(authorization);
    try {
      byte[] digest = digest(c);
      Actor known = known(c.userId(), digest, workstation);
      if (known != null) {
        return known;
      }
      // One check per user at a time: requests arriving together wait for the first one's answer.
      synchronized (locks.computeIfAbsent(c.userId(), k -> new Object())) {
        known = known(c.userId(), digest, workstation);
        if (known != null) {
          return known;
        }
        SignOnResult r = identity.verifyPassword(c.userId(), c.password(), workstation);
        return remember(r, digest).actor();
      }
    } finally {
      Arrays.fill(c.password(), '\0');
    }
  }

  @Override
  public SignOnResult.SignedOn signOn(String authorization, String workstation)
      throws Unauthenticated {
    Credentials c = credentials(authorization);
    try {
      SignOnResult r = identity.signOn(c.userId(), c.password(), workstation);
      return remember(r, digest(c));
    } finally {
      Arrays.fill(c.password(), '\0');
    }
  }

  @Override
  public void unlockScreen(String authorization, Role role, String workstation)
      throws Unauthenticated {
    Credentials c = credentials(authorization);
    try {
      Actor actor;
      try {
        actor = new Actor(c.userId(), role, workstation);
      } catch (IllegalArgumentException e) {
        throw new Unauthenticated(SignOnResult.REFUSED_MESSAGE);
      }
      if (!identity.unlockScreen(actor, c.password())) {
        throw new Unauthenticated(SignOnResult.REFUSED_MESSAGE);
      }
      checked.put(c.userId(), new Checked(digest(c), role, clock.instant()));
    } finally {
      Arrays.fill(c.password(), '\0');
    }
  }

  @Override
  public Actor overTheShoulder(String authorization, String workstation, String forWhat)
      throws Unauthenticated {
    Credentials c = credentials(authorization);
    try {
      SignOnResult r =
          identity.authenticateSupervisor(c.userId(), c.password(), workstation, forWhat);
      if (r instanceof SignOnResult.SignedOn s) {
        return s.actor();
      }
      throw new Unauthenticated(((SignOnResult.Refused) r).message());
    } finally {
      Arrays.fill(c.password(), '\0');
    }
  }

  @Override
  public void forget(Actor actor) {
    checked.remove(actor.userId());
  }

  private Actor known(String userId, byte[] digest, String workstation) {
    Checked k = checked.get(userId);
    if (k == null || !MessageDigest.isEqual(k.digest(), digest)) {
      return null;
    }
    if (k.at().plus(ttl).isBefore(clock.instant())) {
      checked.remove(userId, k);
      return null;
    }
    return new Actor(userId, k.role(), workstation);
  }

  private SignOnResult.SignedOn remember(SignOnResult r, byte[] digest) throws Unauthenticated {
    if (r instanceof SignOnResult.SignedOn s) {
      checked.put(s.actor().userId(), new Checked(digest, s.actor().role(), clock.instant()));
      return s;
    }
    throw new Unauthenticated(((SignOnResult.Refused) r).message());
  }

  /** The user id (as the ledger spells it: lower case) and password of an HTTP Basic header. */
  private static Credentials credentials(String authorization) throws Unauthenticated {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new Unauthenticated(
          "Sign on: send the user id and password of a user of this ledger as HTTP Basic"
              + " authentication (Authorization: Basic …).");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(authorization.substring(6).strip());
    } catch (IllegalArgumentException e) {
      throw new Unauthenticated("The Authorization header is not valid HTTP Basic.");
    }
    try {
      CharBuffer text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(decoded));
      char[] all = new char[text.remaining()];
      text.get(all);
      int colon = -1;
      for (int i = 0; i < all.length; i++) {
        if (all[i] == ':') {
          colon = i;
          break;
        }
      }
      if (colon <= 0) {
        Arrays.fill(all, '\0');
        throw new Unauthenticated("HTTP Basic needs user-id:password.");
      }
      String user = new String(all, 0, colon).strip().toLowerCase(java.util.Locale.ROOT);
      char[] password = Arrays.copyOfRange(all, colon + 1, all.length);
      Arrays.fill(all, '\0');
      return new Credentials(user, password);
    } catch (CharacterCodingException e) {
      throw new Unauthenticated("The Authorization header is not UTF-8.");
    } finally {
      Arrays.fill(decoded, (byte) 0);
    }
  }

  private byte[] digest(Credentials c) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(processKey);
      sha.update(c.userId().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(c.password()));
      sha.update(pw.duplicate());
      if (pw.hasArray()) {
        Arrays.fill(pw.array(), (byte) 0);
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
