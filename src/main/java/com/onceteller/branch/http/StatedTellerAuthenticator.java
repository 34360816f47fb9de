package com.onceteller.branch.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Until issue 11 (sign-on, roles) lands: the teller is who the desk says, from a {@code Teller-Id}
 * header or the user of HTTP Basic (the password is not checked against anything). It scopes keys
 * per teller and labels the log; it is not a security boundary, and docs/branch-server.md says so.
 */
public final class StatedTellerAuthenticator implements Authenticator {

  @Override
  public Teller authenticate(String authorization, String tellerId) throws Unauthenticated {
    String id = tellerId;
    if (id == null
        && authorization != null
        && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        id = colon < 0 ? decoded : decoded.substring(0, colon);
      } catch (IllegalArgumentException e) {
        throw new Unauthenticated("The Authorization header is not valid HTTP Basic.");
      }
    }
    if (id == null || id.isBlank()) {
      throw new Unauthenticated(
          "Say which teller you are: a Teller-Id header or HTTP Basic authentication.");
    }
    try {
      return new Teller(id.strip());
    } catch (IllegalArgumentException e) {
      throw new Unauthenticated(e.getMessage());
    }
  }
}
