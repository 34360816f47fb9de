package com.onceteller.ui.signon;

import com.onceteller.domain.SignOnResult;
import java.util.function.BiFunction;

/** A ledger for the sign-on screen's tests: it has an administrator and answers as told. */
final class StubPort implements SignOnViewModel.Port {

  private final BiFunction<String, char[], SignOnResult> signOn;

  StubPort(BiFunction<String, char[], SignOnResult> signOn) {
    this.signOn = signOn;
  }

  @Override
  public SignOnResult signOn(String userId, char[] password) {
    return signOn.apply(userId, password);
  }

  @Override
  public boolean needsFirstAdministrator() {
    return false;
  }

  @Override
  public SignOnResult.SignedOn createFirstAdministrator(
      String userId, String displayName, char[] password) {
    throw new AssertionError("not asked for in these tests");
  }
}
