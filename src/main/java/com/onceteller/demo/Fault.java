package com.onceteller.demo;

/**
 * A failure a trainer can arm for the next attempt, each at the boundary where it really happens.
 */
public enum Fault {
  NONE("No fault"),
  LOSE_REQUEST("Lose the request before the service sees it"),
  CRASH_BEFORE_COMMIT("Crash in the service after the postings are written, before commit"),
  LOSE_RESPONSE("Lose the response after commit"),
  SLOW_SERVICE("Slow service: hold the attempt inside its transaction");

  private final String label;

  Fault(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
