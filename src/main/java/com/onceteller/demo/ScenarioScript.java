package com.onceteller.demo;

import com.onceteller.branch.ledger.DemoData;
import com.onceteller.demo.ScenarioStep.Action;
import com.onceteller.domain.TransferRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The steps of each demonstration, as data: what happens, and what the trainer reads. */
public final class ScenarioScript {

  private static final long AMOUNT = 12_500; // 125.00
  private static final long TOO_MUCH = 50_000; // 500.00, more than the 125.00 on demo account 3
  private static final long CHANGE = 10_000; // +100.00 for the key-reused resend

  private ScenarioScript() {}

  /** The request a scenario sends: demo accounts, so every ledger created by the app has them. */
  public static TransferRequest requestFor(Scenario s) {
    if (s == Scenario.INSUFFICIENT_FUNDS) {
      return new TransferRequest(demo(3), demo(1), TOO_MUCH, "EUR", "Scenario " + s.cliName());
    }
    return new TransferRequest(demo(0), demo(1), AMOUNT, "EUR", "Scenario " + s.cliName());
  }

  private static String demo(int i) {
    return DemoData.ACCOUNTS.get(i).number();
  }

  /**
   * The steps of {@code s}. The slow service holds its attempt for 5/3 of the client's timeout, so
   * the first attempt times out and its retry meets it still inside the service.
   */
  public static List<ScenarioStep> steps(Scenario s, Duration clientTimeout) {
    TransferRequest r = requestFor(s);
    List<ScenarioStep> steps = new ArrayList<>();
    steps.add(
        ScenarioStep.of(
            Action.NEW_TRANSFER,
            "New transfer: the form mints the idempotency key every attempt will carry."));
    steps.add(
        ScenarioStep.with(
            Action.FILL,
            "Fill in "
                + r.amount().format()
                + " from demo account "
                + holder(r.fromAccount())
                + " to "
                + holder(r.toAccount())
                + ".",
            r));
    switch (s) {
      case REQUEST_LOST ->
          steps.add(
              ScenarioStep.arm(
                  Fault.LOSE_REQUEST,
                  Duration.ZERO,
                  "Arm the fault: the network loses the next request before the service sees"
                      + " it."));
      case CRASH_ROLLED_BACK ->
          steps.add(
              ScenarioStep.arm(
                  Fault.CRASH_BEFORE_COMMIT,
                  Duration.ZERO,
                  "Arm the fault: the service crashes after writing the postings, before commit."));
      case RESPONSE_LOST ->
          steps.add(
              ScenarioStep.arm(
                  Fault.LOSE_RESPONSE,
                  Duration.ZERO,
                  "Arm the fault: the service commits, then the network loses its answer."));
      case SLOW_RETRY_RACE -> {
        Duration slow = clientTimeout.multipliedBy(5).dividedBy(3);
        steps.add(
            ScenarioStep.arm(
                Fault.SLOW_SERVICE,
                slow,
                "Arm the fault: the service holds the first attempt "
                    + slow.toMillis()
                    + " ms with the key claimed — longer than the client's "
                    + clientTimeout.toMillis()
                    + " ms timeout."));
      }
      case DOUBLE_CLICK, KEY_REUSED, INSUFFICIENT_FUNDS -> {}
    }
    if (s == Scenario.DOUBLE_CLICK) {
      steps.add(
          ScenarioStep.of(
              Action.SEND_TWICE,
              "Press Send twice at once. The form sends once; the second click a client without"
                  + " that guard would send goes too — same key, while the first is on its way."));
    } else {
      steps.add(
          ScenarioStep.of(
              Action.SEND,
              "Press Send: the transfer is recorded in the outbox, then attempt 1 leaves."));
    }
    steps.add(
        ScenarioStep.of(
            Action.AWAIT_ANSWER,
            s == Scenario.INSUFFICIENT_FUNDS
                    || s == Scenario.DOUBLE_CLICK
                    || s == Scenario.KEY_REUSED
                ? "Wait for the answer."
                : "Wait: with no answer, the client retries by itself with the same key (see the"
                    + " retry panel)."));
    if (s == Scenario.KEY_REUSED) {
      TransferRequest changed = r.withAmount(r.amountMinor() + CHANGE);
      steps.add(
          ScenarioStep.with(
              Action.RESEND_CHANGED,
              "Send the same key again with "
                  + changed.amount().format()
                  + " instead — as a client without the outbox's guard would.",
              changed));
      steps.add(ScenarioStep.of(Action.AWAIT_ANSWER, "Wait for the answer."));
    }
    steps.add(
        ScenarioStep.of(
            Action.VERDICT, "Compare the balances before and after: did money move at most once?"));
    return List.copyOf(steps);
  }

  private static String holder(String number) {
    return DemoData.ACCOUNTS.stream()
        .filter(a -> a.number().equals(number))
        .map(DemoData.DemoAccount::holder)
        .findFirst()
        .orElse(number);
  }
}
