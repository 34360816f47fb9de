package com.onceteller.ui.approval;

import com.onceteller.desk.client.DeskApprovals;
import com.onceteller.domain.Actor;
import com.onceteller.domain.PendingApproval;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.ui.TaskRunner;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The supervisor's queue of requests waiting for approval, worked from their own desk. */
public final class ApprovalQueueViewModel {

  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

  private final Actor supervisor;
  private final DeskApprovals approvals;
  private final TaskRunner tasks;
  private final ZoneId zone;
  private final ObservableList<PendingApproval> pending = FXCollections.observableArrayList();
  private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

  public ApprovalQueueViewModel(
      Actor supervisor, DeskApprovals approvals, TaskRunner tasks, ZoneId zone) {
    this.supervisor = supervisor;
    this.approvals = approvals;
    this.tasks = tasks;
    this.zone = zone;
  }

  public void reload() {
    tasks.run(
        () -> approvals.queue(supervisor),
        pending::setAll,
        e -> message.set(e instanceof ServiceRefusal ? e.getMessage() : "Not read: " + e));
  }

  public void approve(PendingApproval p) {
    if (p == null) {
      message.set("Choose a request.");
      return;
    }
    String why = reason.get();
    tasks.run(
        () -> approvals.approve(supervisor, p.tellerId(), p.key(), p.fingerprint(), why),
        r -> {
          message.set(p.key().shortForm() + ": " + r.message());
          reload();
        },
        e -> message.set(e instanceof ServiceRefusal ? e.getMessage() : "Not approved: " + e));
  }

  public void decline(PendingApproval p) {
    if (p == null) {
      message.set("Choose a request.");
      return;
    }
    String why = reason.get();
    tasks.run(
        () -> approvals.decline(supervisor, p.tellerId(), p.key(), why),
        r -> {
          message.set(p.key().shortForm() + ": declined; the key can never post.");
          reload();
        },
        e -> message.set(e instanceof ServiceRefusal ? e.getMessage() : "Not declined: " + e));
  }

  public String describe(PendingApproval p) {
    return p.key().shortForm()
        + "  "
        + p.tellerId()
        + "  "
        + (p.request() == null ? "" : p.request().amount().format())
        + "  since "
        + HM.format(p.since().atZone(zone))
        + "  —  "
        + p.why();
  }

  public ObservableList<PendingApproval> pending() {
    return pending;
  }

  public StringProperty reasonProperty() {
    return reason;
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }
}
