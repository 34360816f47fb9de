package com.onceteller.ui.signon;

import com.onceteller.domain.Actor;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.SignOnResult;
import com.onceteller.ui.TaskRunner;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The sign-on screen: user id and password, or, on a real ledger that has no administrator yet, the
 * first administrator's id, name and password (twice). Hashing runs in the background; the password
 * is cleared from the field after every try. In demo mode it lists the demo users.
 *
 * <p>The screen shows before the ledger is open (issue 13: the window appears at once). While it
 * opens ({@link #ledgerOpening}) the fields accept typing; a sign-on then waits for the ledger and
 * says so, and goes ahead by itself once {@link #ledgerOpened} is called (unless the ledger turns
 * out to need its first administrator, which is a different form).
 */
public final class SignOnViewModel {

  /** What the screen needs from the ledger (IdentityService in the app). */
  public interface Port {
    SignOnResult signOn(String userId, char[] password);

    boolean needsFirstAdministrator();

    SignOnResult.SignedOn createFirstAdministrator(
        String userId, String displayName, char[] password);
  }

  private final Port port;
  private final TaskRunner tasks;
  private final Consumer<SignOnResult.SignedOn> onSignedOn;
  private final StringProperty userId = new SimpleStringProperty(this, "userId", "");
  private final StringProperty password = new SimpleStringProperty(this, "password", "");
  private final StringProperty displayName = new SimpleStringProperty(this, "displayName", "");
  private final StringProperty confirm = new SimpleStringProperty(this, "confirm", "");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Sign on");
  private final ReadOnlyBooleanWrapper firstAdministrator = new ReadOnlyBooleanWrapper();
  private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
  private final ReadOnlyBooleanWrapper ledgerOpen = new ReadOnlyBooleanWrapper(true);
  private final ReadOnlyStringWrapper ledgerStatus = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper demoUsersText = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper demoUsersShown = new ReadOnlyBooleanWrapper();
  private boolean ledgerFailed;

  /** A sign-on asked for before the ledger was open: sent once it is. */
  private record Waiting(String userId, char[] password) {}

  private Waiting waiting;

  /**
   * The ledger's first question (does it need its first administrator?) is running. A sign-on asked
   * for meanwhile waits for the answer like one asked for while the ledger opens: the button stays
   * enabled, because a click in that moment (right after the ledger opened) used to be swallowed by
   * a disabled button and nothing happened.
   */
  private boolean loading;

  private List<String> demoHints = List.of();

  /**
   * @param demoHints lines listing the demo users and their passwords; empty unless this is a
   *     demonstration ledger in demo mode
   * @param onSignedOn called on the UI thread with the principal once signed on
   */
  public SignOnViewModel(
      Port port,
      TaskRunner tasks,
      List<String> demoHints,
      Consumer<SignOnResult.SignedOn> onSignedOn) {
    this.port = port;
    this.tasks = tasks;
    this.onSignedOn = onSignedOn;
    setDemoHints(demoHints);
  }

  /**
   * The ledger is still opening: what it is doing (e.g. "Opening the ledger … 3 s", "Recovering …
   * 12 s"). The fields stay usable; a sign-on waits. Call on the UI thread.
   */
  public void ledgerOpening(String status) {
    ledgerOpen.set(false);
    ledgerStatus.set(status);
    if (waiting != null) {
      message.set(waitingMessage());
    }
  }

  /**
   * The ledger is open: the demo users it really has (empty unless demo mode), then {@link #load}
   * and a sign-on that was waiting for it. Call on the UI thread.
   */
  public void ledgerOpened(List<String> hints) {
    ledgerOpen.set(true);
    ledgerStatus.set("");
    setDemoHints(hints);
    load();
  }

  /** The ledger could not be opened: one sentence saying why; nothing is sent. */
  public void ledgerFailed(String why) {
    ledgerFailed = true;
    ledgerOpen.set(false);
    ledgerStatus.set(why);
    forgetWaiting();
    message.set(why);
  }

  private String waitingMessage() {
    return "Opening the ledger: you are signed on as "
        + waiting.userId()
        + " as soon as it is open.";
  }

  /** Keeps this sign-on (replacing one kept before) until the ledger can answer it. */
  private void waitWith(String id, char[] pw) {
    forgetWaiting();
    waiting = new Waiting(id, pw);
  }

  private void forgetWaiting() {
    if (waiting != null) {
      java.util.Arrays.fill(waiting.password(), '\0');
      waiting = null;
    }
  }

  private void setDemoHints(List<String> hints) {
    this.demoHints = List.copyOf(hints);
    demoUsersText.set(String.join("\n", this.demoHints));
    demoUsersShown.set(!this.demoHints.isEmpty());
  }

  /**
   * Asks the ledger whether it needs its first administrator (in the background). Before the ledger
   * is open this waits: {@link #ledgerOpened} calls it.
   */
  public void load() {
    if (!ledgerOpen.get() || loading) {
      return;
    }
    loading = true;
    tasks.run(
        port::needsFirstAdministrator,
        needs -> {
          loading = false;
          firstAdministrator.set(needs);
          title.set(
              needs ? "This ledger has no administrator yet: create the first one" : "Sign on");
          Waiting w = waiting;
          waiting = null;
          if (w != null && needs) {
            java.util.Arrays.fill(w.password(), '\0');
            message.set("This ledger has no administrator yet: create the first one.");
          } else if (w != null) {
            signOn(w.userId(), w.password());
          }
        },
        e -> {
          loading = false;
          forgetWaiting();
          message.set("The ledger could not be read: " + e.getMessage());
        });
  }

  /** Signs on (or creates the first administrator); does nothing while a try is running. */
  public void submit() {
    if (busy.get()) {
      return;
    }
    String id = userId.get() == null ? "" : userId.get().strip();
    char[] pw = password.get() == null ? new char[0] : password.get().toCharArray();
    password.set("");
    String idProblem = Actor.userIdProblem(id.toLowerCase(java.util.Locale.ROOT));
    if (idProblem != null) {
      message.set(idProblem);
      return;
    }
    if (pw.length == 0) {
      message.set("Enter your password.");
      return;
    }
    if (!ledgerOpen.get()) {
      if (ledgerFailed) {
        java.util.Arrays.fill(pw, '\0');
        message.set(ledgerStatus.get());
        return;
      }
      waitWith(id, pw);
      message.set(waitingMessage());
      return;
    }
    if (loading) {
      waitWith(id, pw);
      message.set("Checking…");
      return;
    }
    if (firstAdministrator.get()) {
      String again = confirm.get() == null ? "" : confirm.get();
      confirm.set("");
      if (!again.equals(new String(pw))) {
        message.set("The two passwords differ.");
        return;
      }
      String name = displayName.get();
      busy.set(true);
      message.set("Creating the administrator…");
      tasks.run(
          () -> port.createFirstAdministrator(id, name, pw),
          signedOn -> {
            busy.set(false);
            message.set("");
            onSignedOn.accept(signedOn);
          },
          e -> {
            busy.set(false);
            message.set(e instanceof ServiceRefusal ? e.getMessage() : "Not created: " + e);
          });
      return;
    }
    signOn(id, pw);
  }

  private void signOn(String id, char[] pw) {
    busy.set(true);
    message.set("Checking…");
    tasks.run(
        () -> port.signOn(id, pw),
        result -> {
          busy.set(false);
          if (result instanceof SignOnResult.SignedOn s) {
            message.set("");
            onSignedOn.accept(s);
          } else {
            message.set(((SignOnResult.Refused) result).message());
          }
        },
        e -> {
          busy.set(false);
          message.set("The ledger could not be asked: " + e.getMessage());
        });
  }

  public StringProperty userIdProperty() {
    return userId;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  public StringProperty displayNameProperty() {
    return displayName;
  }

  public StringProperty confirmProperty() {
    return confirm;
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty firstAdministratorProperty() {
    return firstAdministrator.getReadOnlyProperty();
  }

  public BooleanProperty busyProperty() {
    return busy;
  }

  public List<String> demoHints() {
    return demoHints;
  }

  /** The demo users, one per line (empty unless this is a demonstration ledger in demo mode). */
  public ReadOnlyStringProperty demoUsersTextProperty() {
    return demoUsersText.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty demoUsersShownProperty() {
    return demoUsersShown.getReadOnlyProperty();
  }

  /** False while the ledger is still opening (or could not be opened). */
  public ReadOnlyBooleanProperty ledgerOpenProperty() {
    return ledgerOpen.getReadOnlyProperty();
  }

  /** What the ledger is doing while it opens, with the elapsed time; empty once it is open. */
  public ReadOnlyStringProperty ledgerStatusProperty() {
    return ledgerStatus.getReadOnlyProperty();
  }
}
