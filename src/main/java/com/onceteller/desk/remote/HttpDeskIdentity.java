package com.onceteller.desk.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.onceteller.desk.client.DeskIdentity;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.domain.Actor;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.SignOnResult;
import com.onceteller.wire.Wire;
import java.net.http.HttpRequest;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-on against the branch server ({@code POST /v1/sign-on} and its companions): the server
 * checks the password against the ledger's users and records the sign-on, exactly as the embedded
 * ledger's {@code IdentityService} does. A branch that cannot be reached refuses the sign-on with a
 * message saying so. The sign-on's session token is handed to the desk, which sends it instead of
 * the password. The first administrator of a branch ledger is made on the server ({@code serve
 * --create-admin}); a supervisor's override is one request made with the supervisor's credentials
 * ({@link HttpDeskApprovals}, {@link HttpDeskEndOfDay}), not a separate authentication.
 */
public final class HttpDeskIdentity implements DeskIdentity {

  private static final Logger log = LoggerFactory.getLogger(HttpDeskIdentity.class);

  private final BranchConnection branch;

  /** The signed-on actor's own connection (their credentials), for sign-off and the lock. */
  private final BiFunction<Actor, char[], BranchConnection> connectionOf;

  /**
   * @param branch the connection without a teller
   * @param connectionOf the connection a signed-on actor's requests go through (null password: the
   *     one they signed on with)
   */
  /** Told the session token a sign-on returned (user id, token), kept by the desk instead. */
  private final java.util.function.BiConsumer<String, String> sessionStarted;

  public HttpDeskIdentity(
      BranchConnection branch, BiFunction<Actor, char[], BranchConnection> connectionOf) {
    this(branch, connectionOf, (user, token) -> {});
  }

  /**
   * @param sessionStarted told the session token of each sign-on (a branch that answers without one
   *     is an older server: the desk then keeps the password, as before)
   */
  public HttpDeskIdentity(
      BranchConnection branch,
      BiFunction<Actor, char[], BranchConnection> connectionOf,
      java.util.function.BiConsumer<String, String> sessionStarted) {
    this.branch = branch;
    this.connectionOf = connectionOf;
    this.sessionStarted = sessionStarted;
  }

  @Override
  public SignOnResult signOn(String userId, char[] password, String workstation) {
    String id = userId == null ? "" : userId.strip().toLowerCase(java.util.Locale.ROOT);
    BranchConnection as = branch.as(id, password, workstation);
    BranchConnection.Answer a;
    try {
      a = as.exchange(post(as, "/v1/sign-on", "{}"));
    } catch (NoResponseException e) {
      return new SignOnResult.Refused(
          "The branch server could not be reached (" + e.getMessage() + "): try again.");
    }
    if (a.status() == 200) {
      try {
        JsonNode body = Wire.parse(a.body(), FieldError.Field.ACTOR);
        SignOnResult.SignedOn signedOn = Wire.signedOn(body);
        if (body.hasNonNull("session_token")) {
          sessionStarted.accept(signedOn.actor().userId(), body.get("session_token").asText());
        }
        return signedOn;
      } catch (Wire.WireException e) {
        log.warn("A malformed sign-on answer from the branch: {}", e.getMessage());
        return new SignOnResult.Refused("The branch server's answer was not understood.");
      }
    }
    return new SignOnResult.Refused(detail(a, SignOnResult.REFUSED_MESSAGE));
  }

  @Override
  public boolean needsFirstAdministrator() {
    // A branch ledger's users are made on the server (docs/branch-server.md), never by a desk.
    return false;
  }

  @Override
  public boolean hasDemoUsers() {
    return false;
  }

  @Override
  public SignOnResult.SignedOn createFirstAdministrator(
      String userId, String displayName, char[] password, String workstation) {
    throw new ServiceRefusal(
        ServiceRefusal.Kind.UNAVAILABLE,
        "The users of a branch ledger are made on the branch server, not at a desk.");
  }

  @Override
  public SignOnResult authenticateSupervisor(
      String userId, char[] password, String workstation, String forWhat) {
    // At a branch the override and the authentication are one request (HttpDeskApprovals,
    // HttpDeskEndOfDay): the branch checks the supervisor's password as it approves.
    return new SignOnResult.Refused(
        "At a branch desk a supervisor's override is checked by the branch with the approval"
            + " itself.");
  }

  @Override
  public boolean unlockScreen(Actor actor, char[] password) {
    BranchConnection as = branch.as(actor.userId(), password, actor.workstation());
    try {
      BranchConnection.Answer a =
          as.exchange(post(as, "/v1/screen-unlock", "{\"role\":\"" + actor.role().name() + "\"}"));
      if (a.status() == 204) {
        connectionOf.apply(actor, password);
        return true;
      }
      return false;
    } catch (NoResponseException e) {
      log.warn("Screen unlock of {}: the branch is not reachable ({})", actor, e.getMessage());
      return false;
    }
  }

  @Override
  public void screenLocked(Actor actor, String why) {
    record(actor, "/v1/screen-lock", why);
  }

  @Override
  public void signOff(Actor actor, String why) {
    record(actor, "/v1/sign-off", why);
  }

  /** Records the sign-off of the session whose connection is {@code as} (its token ends). */
  public void signOff(BranchConnection as, Actor actor, String why) {
    record(as, actor, "/v1/sign-off", why);
  }

  private void record(Actor actor, String path, String why) {
    record(connectionOf.apply(actor, null), actor, path, why);
  }

  private void record(BranchConnection as, Actor actor, String path, String why) {
    if (as == null) {
      return;
    }
    JsonNode body = Wire.object().put("reason", why == null ? "" : why);
    try {
      BranchConnection.Answer a = as.exchange(post(as, path, Wire.write(body)));
      if (a.status() != 204) {
        log.warn("{} of {} answered HTTP {}", path, actor.userId(), a.status());
      }
    } catch (NoResponseException e) {
      log.warn("{} of {} not recorded: {}", path, actor.userId(), e.getMessage());
    }
  }

  private static HttpRequest post(BranchConnection as, String path, String json) {
    return as.request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static String detail(BranchConnection.Answer a, String otherwise) {
    try {
      String d = Wire.parse(a.body(), FieldError.Field.ACTOR).path("detail").asText("");
      return d.isBlank() ? otherwise : d;
    } catch (Wire.WireException e) {
      return otherwise;
    }
  }
}
