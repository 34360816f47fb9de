package com.onceteller.demo;

import com.onceteller.domain.TransferRequest;
import java.time.Duration;

/**
 * One step of a scripted demonstration, with the sentence the trainer reads while it happens. The
 * same steps are played on the teller's own form (the desktop) and headless (the command line).
 *
 * @param request the details to fill in, or the changed details a careless client resends
 * @param fault the fault to arm for the next attempt of this transfer
 */
public record ScenarioStep(
    Action action, String says, TransferRequest request, Fault fault, Duration slowness) {

  /** What a step does. */
  public enum Action {
    /** Start a new transfer: a new key. */
    NEW_TRANSFER,
    /** Fill in the form with {@link #request()}. */
    FILL,
    /** Arm {@link #fault()} for the next attempt of this transfer only. */
    ARM,
    /** Press Send once: the form records the transfer in the outbox, then sends attempt 1. */
    SEND,
    /**
     * Press Send twice at once. The form's guard sends once; the step also sends the second click a
     * client without that guard would send — same key, same details, while the first is on its way.
     */
    SEND_TWICE,
    /** Wait until every send of this transfer has its answer (retries run by themselves). */
    AWAIT_ANSWER,
    /** Send the same key with {@link #request()} (changed details), as a careless client would. */
    RESEND_CHANGED,
    /** Compare the balances before and after: money moved at most once? */
    VERDICT
  }

  static ScenarioStep of(Action a, String says) {
    return new ScenarioStep(a, says, null, Fault.NONE, Duration.ZERO);
  }

  static ScenarioStep with(Action a, String says, TransferRequest request) {
    return new ScenarioStep(a, says, request, Fault.NONE, Duration.ZERO);
  }

  static ScenarioStep arm(Fault fault, Duration slowness, String says) {
    return new ScenarioStep(Action.ARM, says, null, fault, slowness);
  }
}
