package com.onceteller.branch.http;

/** Tells who a request is made as, from its headers; the seam where issue 11's sign-on plugs in. */
public interface Authenticator {

  /**
   * @param authorization the {@code Authorization} header, or null
   * @param tellerId the {@code Teller-Id} header, or null
   * @return the teller
   * @throws Unauthenticated when the request says no teller, or one that is not accepted
   */
  Teller authenticate(String authorization, String tellerId) throws Unauthenticated;

  /** No acceptable teller on the request (HTTP 401). */
  final class Unauthenticated extends Exception {
    private static final long serialVersionUID = 1L;

    public Unauthenticated(String message) {
      super(message);
    }
  }
}
