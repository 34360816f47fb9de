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
  private final List<String> demoHints;

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
    this.demoHints = List.copyOf(demoHints);
    this.onSignedOn = onSignedOn;
  }

  /** Asks the ledger whether it needs its first administrator (in the background). */
  public void load() {
    busy.set(true);
    tasks.run(
        port::needsFirstAdministrator,
        needs -> {
          busy.set(false);
          firstAdministrator.set(needs);
          title.set(
              needs ? "This ledger has no administrator yet: create the first one" : "Sign on");
        },
        e -> {
          busy.set(false);
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
}
