package com.onceteller.branch.http;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a request is made as. Until the tellers of issue 11 sign on with a password, the id is taken
 * as the desk states it ({@link StatedTellerAuthenticator}); the rest of the server only sees this
 * record, so the real principal replaces it without touching the handlers.
 */
public record Teller(String id) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  public Teller {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "A teller id is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or"
              + " digit.");
    }
  }
}
