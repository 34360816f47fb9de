package com.onceteller.ui.retry;

import com.onceteller.desk.client.AttemptKind;
import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.desk.timeline.Words;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The retry panel's state: the policy, a row per attempt, the countdown to the next attempt, and
 * whether "Retry now" and "Stop retrying" apply. The transfer form drives it (and a demonstration
 * adds its extra sends); commands go back to the form through {@link Commands}. The countdown is
 * the one clock of the next attempt: the form's headline reads it from here.
 */
public final class RetryViewModel {

  /** What the panel's buttons do. */
  public interface Commands {
    void retryNow();

    void stopRetrying();
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

  private final ZoneId zone;
  private final ObservableList<AttemptRow> attempts = FXCollections.observableArrayList();
  private final StringProperty policyText = new SimpleStringProperty(this, "policyText", "");
  private final ReadOnlyStringWrapper policyDetail = new ReadOnlyStringWrapper("");
  private final DoubleProperty countdown = new SimpleDoubleProperty(this, "countdown", 0);
  private final StringProperty countdownText = new SimpleStringProperty(this, "countdownText", "");
  private final BooleanProperty canRetryNow = new SimpleBooleanProperty(this, "canRetryNow");
  private final BooleanProperty canStop = new SimpleBooleanProperty(this, "canStop");
  private Commands commands =
      new Commands() {
        @Override
        public void retryNow() {}

        @Override
        public void stopRetrying() {}
      };
  private Instant dueAt;
  private Duration delay;

  public RetryViewModel(RetryPolicy policy, ZoneId zone) {
    this.zone = zone;
    policyText.set(summary(policy));
    policyDetail.set(describe(policy));
  }

  /** One line: what waits how long, and how many attempts. */
  public static String summary(RetryPolicy p) {
    return "Backoff with full jitter: random wait up to "
        + millis(p.base())
        + " × 2ⁿ⁻¹ (at most "
        + millis(p.cap())
        + "); "
        + p.maxAttempts()
        + " attempts at most.";
  }

  public static String describe(RetryPolicy p) {
    return "Exponential backoff with full jitter: wait a random time up to min("
        + millis(p.cap())
        + ", "
        + millis(p.base())
        + " × 2^(n−1)) before attempt n+1; at most "
        + p.maxAttempts()
        + " attempts. Only timeouts, lost requests or responses and \"in progress\" are retried;"
        + " every attempt carries the same key.";
  }

  public void setCommands(Commands commands) {
    this.commands = commands;
  }

  public ObservableList<AttemptRow> attempts() {
    return attempts;
  }

  public StringProperty policyTextProperty() {
    return policyText;
  }

  /** The policy in full (the panel's tooltip). */
  public ReadOnlyStringProperty policyDetailProperty() {
    return policyDetail.getReadOnlyProperty();
  }

  public DoubleProperty countdownProperty() {
    return countdown;
  }

  /** "Next attempt in 1.4 s" while waiting; what the form's headline repeats. */
  public StringProperty countdownTextProperty() {
    return countdownText;
  }

  public BooleanProperty canRetryNowProperty() {
    return canRetryNow;
  }

  public BooleanProperty canStopProperty() {
    return canStop;
  }

  public void retryNow() {
    if (canRetryNow.get()) {
      commands.retryNow();
    }
  }

  public void stopRetrying() {
    if (canStop.get()) {
      commands.stopRetrying();
    }
  }

  // ---- driven by the transfer form ------------------------------------------------------------

  public void reset() {
    attempts.clear();
    clearCountdown();
    canRetryNow.set(false);
    canStop.set(false);
  }

  public void attemptStarted(int number, Instant at) {
    clearCountdown();
    started(String.valueOf(number), at);
    canRetryNow.set(false);
    canStop.set(true);
  }

  public void attemptFinished(AttemptResult result) {
    finished(String.valueOf(result.attempt()), result);
  }

  /** A send outside the form's own submission (a demonstration's second click), same key. */
  public void extraStarted(String label, Instant at) {
    started(label, at);
  }

  public void extraFinished(String label, AttemptResult result) {
    finished(label, result);
  }

  private void started(String label, Instant at) {
    attempts.add(
        new AttemptRow(
            label,
            TIME.format(at.atZone(zone)),
            "on its way…",
            "Sent with the transfer's key; waiting for the answer.",
            "",
            AttemptKind.IN_FLIGHT));
  }

  private void finished(String label, AttemptResult result) {
    AttemptRow row =
        new AttemptRow(
            label,
            TIME.format(result.startedAt().atZone(zone)),
            Words.attempt(result, zone),
            Words.attemptInFull(result, zone),
            Words.duration(result.took()),
            result.attemptKind());
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).number().equals(label)) {
        attempts.set(i, row);
        return;
      }
    }
    attempts.add(row);
  }

  public void retryScheduled(Duration wait, Instant due) {
    this.delay = wait;
    this.dueAt = due;
    canRetryNow.set(true);
    canStop.set(true);
    tick(due.minus(wait));
  }

  /** The transfer can be retried by hand (in doubt, no longer retrying by itself). */
  public void idleInDoubt() {
    clearCountdown();
    canRetryNow.set(true);
    canStop.set(false);
    countdownText.set("Not retrying. The transfer stays in doubt until an answer comes back.");
  }

  public void done() {
    clearCountdown();
    canRetryNow.set(false);
    canStop.set(false);
  }

  /** True while the next attempt is counted down. */
  public boolean countingDown() {
    return dueAt != null;
  }

  /** Moves the countdown; the view calls this every frame or so. */
  public void tick(Instant now) {
    if (dueAt == null) {
      return;
    }
    long total = Math.max(1, delay.toMillis());
    long left = Math.max(0, Duration.between(now, dueAt).toMillis());
    countdown.set(1.0 - (double) left / total);
    countdownText.set(
        left == 0
            ? "Next attempt now"
            : String.format(Locale.ROOT, "Next attempt in %.1f s", left / 1000.0));
  }

  private void clearCountdown() {
    dueAt = null;
    delay = null;
    countdown.set(0);
    countdownText.set("");
  }

  private static String millis(Duration d) {
    return d.toMillis() >= 1000 && d.toMillis() % 100 == 0
        ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
        : d.toMillis() + " ms";
  }
}
