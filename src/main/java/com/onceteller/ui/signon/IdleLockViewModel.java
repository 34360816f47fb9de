package com.onceteller.ui.signon;

import com.onceteller.domain.Actor;
import com.onceteller.domain.SignOnResult;
import com.onceteller.ui.TaskRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The idle lock: after {@code timeout} without input the screen locks (work in progress and retries
 * go on underneath); the same user unlocks with their password, or another user signs on, which
 * signs the first one off. Time comes from a {@link Clock} and {@link #check()} is called
 * periodically by the view, so a test moves a clock instead of waiting.
 */
public final class IdleLockViewModel {

  /** What locking needs from the ledger. */
  public interface Port {
    void locked(Actor actor);

    boolean unlock(Actor actor, char[] password);

    SignOnResult signOn(String userId, char[] password);
  }

  private final Actor actor;
  private final Port port;
  private final TaskRunner tasks;
  private final Clock clock;
  private final Duration timeout;
  private final Consumer<SignOnResult.SignedOn> otherUser;
  private final ReadOnlyBooleanWrapper locked = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final StringProperty password = new SimpleStringProperty(this, "password", "");
  private final StringProperty otherId = new SimpleStringProperty(this, "otherId", "");
  private final StringProperty otherPassword = new SimpleStringProperty(this, "otherPassword", "");
  private volatile Instant lastInput;

  public IdleLockViewModel(
      Actor actor,
      Port port,
      TaskRunner tasks,
      Clock clock,
      Duration timeout,
      Consumer<SignOnResult.SignedOn> otherUser) {
    this.actor = actor;
    this.port = port;
    this.tasks = tasks;
    this.clock = clock;
    this.timeout = timeout;
    this.otherUser = otherUser;
    this.lastInput = clock.instant();
  }

  /** Any key or mouse input on the window. */
  public void input() {
    if (!locked.get()) {
      lastInput = clock.instant();
    }
  }

  /** Locks when the desk has been idle for the timeout; called periodically. */
  public void check() {
    if (!locked.get() && !clock.instant().isBefore(lastInput.plus(timeout))) {
      lock("idle for " + timeout.toMinutes() + " minutes");
    }
  }

  /** Locks now (the teller steps away, or the desk was idle). */
  public void lock(String why) {
    if (locked.get()) {
      return;
    }
    locked.set(true);
    message.set("Locked — " + actor.userId() + " unlocks with their password.");
    tasks.run(() -> port.locked(actor));
  }

  public void unlock() {
    char[] pw = password.get() == null ? new char[0] : password.get().toCharArray();
    password.set("");
    if (pw.length == 0) {
      message.set("Enter " + actor.userId() + "'s password.");
      return;
    }
    tasks.run(
        () -> port.unlock(actor, pw),
        ok -> {
          if (ok) {
            locked.set(false);
            message.set("");
            lastInput = clock.instant();
          } else {
            message.set(SignOnResult.REFUSED_MESSAGE);
          }
        },
        e -> message.set("The ledger could not be asked: " + e.getMessage()));
  }

  /** Another user signs on here; the locked user is signed off cleanly by the caller. */
  public void signOnOther() {
    String id = otherId.get() == null ? "" : otherId.get().strip();
    char[] pw = otherPassword.get() == null ? new char[0] : otherPassword.get().toCharArray();
    otherPassword.set("");
    tasks.run(
        () -> port.signOn(id, pw),
        r -> {
          if (r instanceof SignOnResult.SignedOn s) {
            message.set("");
            otherUser.accept(s);
          } else {
            message.set(((SignOnResult.Refused) r).message());
          }
        },
        e -> message.set("The ledger could not be asked: " + e.getMessage()));
  }

  public ReadOnlyBooleanProperty lockedProperty() {
    return locked.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public StringProperty passwordProperty() {
    return password;
  }

  public StringProperty otherIdProperty() {
    return otherId;
  }

  public StringProperty otherPasswordProperty() {
    return otherPassword;
  }

  public Actor actor() {
    return actor;
  }
}
