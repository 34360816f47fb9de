package com.onceteller.desk.timeline;

/**
 * How something reads on screen, independent of the toolkit: the views map each tone to a named
 * colour of the stylesheet ({@code -teller-ok}, {@code -teller-danger}, …).
 */
public enum Tone {
  /** Money moved as intended. */
  OK,
  /** Answered from a stored decision. */
  REPLAY,
  /** Outcome unknown or nothing happened: the same key will tell. */
  WARN,
  /** Refused: rejected, key reused, voided, invalid. */
  DANGER,
  /** Plain text and steps. */
  NEUTRAL
}
