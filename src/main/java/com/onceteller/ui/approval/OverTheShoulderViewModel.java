package com.onceteller.ui.approval;

import com.onceteller.domain.ApprovalResult;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.ui.TaskRunner;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A supervisor approves a request above a limit on the teller's desk: they type their own user id
 * and password and a reason; the approval binds to the teller's key and the request's fingerprint.
 * On success {@code then} runs (the form sends the same key again, which posts once).
 */
public final class OverTheShoulderViewModel {

  /** The approval as the ledger takes it. */
  @FunctionalInterface
  public interface Port {
    ApprovalResult approve(
        String supervisorId,
        char[] password,
        String tellerId,
        IdempotencyKey key,
        String fingerprint,
        String reason);
  }

  private final Port port;
  private final TaskRunner tasks;
  private final String tellerId;
  private final IdempotencyKey key;
  private final String fingerprint;
  private final String what;
  private final Runnable then;
  private final StringProperty supervisorId = new SimpleStringProperty(this, "supervisorId", "");
  private final StringProperty password = new SimpleStringProperty(this, "password", "");
  private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private boolean busy;

  public OverTheShoulderViewModel(
      Port port,
      TaskRunner tasks,
      String tellerId,
      IdempotencyKey key,
      String fingerprint,
      String what,
      Runnable then) {
    this.port = port;
    this.tasks = tasks;
    this.tellerId = tellerId;
    this.key = key;
    this.fingerprint = fingerprint;
    this.what = what;
    this.then = then;
  }

  public void approve() {
    if (busy) {
      return;
    }
    char[] pw = password.get() == null ? new char[0] : password.get().toCharArray();
    password.set("");
    busy = true;
    message.set("Checking…");
    String id = supervisorId.get();
    String why = reason.get();
    tasks.run(
        () -> port.approve(id, pw, tellerId, key, fingerprint, why),
        r -> {
          busy = false;
          message.set(r.message());
          then.run();
        },
        e -> {
          busy = false;
          message.set(e instanceof ServiceRefusal ? e.getMessage() : "Not approved: " + e);
        });
  }

  public String what() {
    return what;
  }

  public StringProperty supervisorIdProperty() {
    return supervisorId;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  public StringProperty reasonProperty() {
    return reason;
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }
}
