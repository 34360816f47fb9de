package com.onceteller.ui.retry;

import com.onceteller.desk.client.AttemptResult;
import com.onceteller.desk.client.RetryPolicy;
import com.onceteller.domain.TransferOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The retry panel's state: the policy, a row per attempt, the countdown to the next attempt, and
 * whether "Retry now" and "Stop retrying" apply. The transfer form drives it; commands go back to
 * the form through {@link Commands}.
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
    policyText.set(describe(policy));
  }

  public static String describe(RetryPolicy p) {
    return "Exponential backoff with full jitter: wait a random time up to min("
        + millis(p.cap())
        + ", "
        + millis(p.base())
        + " × 2^(n−1)) before attempt n+1; at most "
        + p.maxAttempts()
        + " attempts. Only timeouts, lost requests or responses and \"in progress\" are retried.";
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

  public DoubleProperty countdownProperty() {
    return countdown;
  }

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
    attempts.add(new AttemptRow(number, TIME.format(at.atZone(zone)), "in flight…", ""));
    canRetryNow.set(false);
    canStop.set(true);
  }

  public void attemptFinished(AttemptResult result) {
    AttemptRow row =
        new AttemptRow(
            result.attempt(),
            TIME.format(result.startedAt().atZone(zone)),
            whatHappened(result),
            result.took().toMillis() + " ms");
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).number() == result.attempt()) {
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

  /** Moves the countdown bar; the view calls this every frame or so. */
  public void tick(Instant now) {
    if (dueAt == null) {
      return;
    }
    long total = Math.max(1, delay.toMillis());
    long left = Math.max(0, Duration.between(now, dueAt).toMillis());
    countdown.set(1.0 - (double) left / total);
    countdownText.set(String.format(Locale.ROOT, "Next attempt in %.1f s", left / 1000.0));
  }

  private void clearCountdown() {
    dueAt = null;
    delay = null;
    countdown.set(0);
    countdownText.set("");
  }

  /** One line saying what an attempt came back with. */
  public static String whatHappened(AttemptResult r) {
    if (r instanceof AttemptResult.NoAnswer n) {
      return switch (n.kind()) {
        case TIMEOUT -> "timed out: no answer (outcome unknown)";
        case CONNECTION_LOST -> "no answer: " + n.detail();
      };
    }
    TransferOutcome o = ((AttemptResult.Answered) r).outcome();
    if (o instanceof TransferOutcome.Posted p) {
      return p.replayed()
          ? "replayed: already posted as " + p.reference()
          : "posted " + p.reference();
    } else if (o instanceof TransferOutcome.Rejected rj) {
      return (rj.replayed() ? "replayed: " : "") + "rejected: " + rj.reason().label();
    } else if (o instanceof TransferOutcome.KeyReused) {
      return "refused: key already used for different details";
    } else if (o instanceof TransferOutcome.Invalid inv) {
      return "invalid: " + inv.summary();
    } else if (o instanceof TransferOutcome.InProgress) {
      return "in progress: another attempt is being written";
    } else if (o instanceof TransferOutcome.NotExecuted ne) {
      return "not executed: " + ne.message();
    } else if (o instanceof TransferOutcome.OutcomeUnknown u) {
      return "outcome unknown: " + u.message();
    }
    return o.toString();
  }

  private static String millis(Duration d) {
    return d.toMillis() >= 1000 && d.toMillis() % 100 == 0
        ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
        : d.toMillis() + " ms";
  }
}
