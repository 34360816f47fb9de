package com.onceteller.ui.audit;

import com.onceteller.domain.AuditEvent;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.AuditQuery;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.signon.DeskControls;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The auditor's search of the audit trail and its export as CSV. */
public final class AuditViewModel {

  private static final int LIMIT = 1_000;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

  private final DeskControls c;
  private final TaskRunner tasks;
  private final StringProperty userId = new SimpleStringProperty(this, "userId", "");
  private final StringProperty affected = new SimpleStringProperty(this, "affected", "");
  private final ObjectProperty<AuditEventType> type = new SimpleObjectProperty<>(this, "type");
  private final BooleanProperty failuresOnly = new SimpleBooleanProperty(this, "failures");
  private final ObservableList<AuditEvent> rows = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

  public AuditViewModel(DeskControls controls, TaskRunner tasks) {
    this.c = controls;
    this.tasks = tasks;
  }

  private AuditQuery query() {
    String u = userId.get() == null || userId.get().isBlank() ? null : userId.get().strip();
    String a = affected.get() == null || affected.get().isBlank() ? null : affected.get().strip();
    return new AuditQuery(null, null, u, type.get(), failuresOnly.get(), a, LIMIT);
  }

  public void search() {
    AuditQuery q = query();
    tasks.run(
        () -> c.audit().search(c.actor(), q),
        (List<AuditEvent> found) -> {
          rows.setAll(found);
          message.set(found.size() + " rows (newest first)");
        },
        e -> message.set(e instanceof ServiceRefusal ? e.getMessage() : "Not read: " + e));
  }

  public void export() {
    AuditQuery q = query();
    tasks.run(
        () -> {
          Files.createDirectories(c.paperDirectory());
          Path file =
              c.paperDirectory().resolve("audit-" + STAMP.format(c.clock().instant()) + ".csv");
          try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int n = c.audit().exportCsv(c.actor(), q, w);
            return n + " rows exported to " + file;
          }
        },
        message::set,
        e -> message.set(e instanceof ServiceRefusal ? e.getMessage() : "Not exported: " + e));
  }

  public StringProperty userIdProperty() {
    return userId;
  }

  public StringProperty affectedProperty() {
    return affected;
  }

  public ObjectProperty<AuditEventType> typeProperty() {
    return type;
  }

  public BooleanProperty failuresOnlyProperty() {
    return failuresOnly;
  }

  public ObservableList<AuditEvent> rows() {
    return rows;
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }
}
