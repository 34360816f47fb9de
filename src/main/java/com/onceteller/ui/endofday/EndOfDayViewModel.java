package com.onceteller.ui.endofday;

import com.onceteller.domain.Actor;
import com.onceteller.domain.DeskItem;
import com.onceteller.domain.EndOfDayReport;
import com.onceteller.domain.Permission;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.paper.EndOfDayPdf;
import com.onceteller.ui.DeskControls;
import com.onceteller.ui.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * End of day at a desk: the signed-on teller's report (a supervisor's: the branch's), this desk's
 * in-doubt items with what the ledger says of each, signing one off (a supervisor, over the
 * shoulder when the desk is a teller's), closing the day, and the report saved as a PDF.
 */
public final class EndOfDayViewModel {

  private final DeskControls c;
  private final TaskRunner tasks;
  private final boolean branch;
  private final ReadOnlyStringWrapper report = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper closable = new ReadOnlyBooleanWrapper();
  private final ObservableList<EndOfDayReport.InDoubtItem> inDoubt =
      FXCollections.observableArrayList();
  private final StringProperty supervisorId = new SimpleStringProperty(this, "supervisorId", "");
  private final StringProperty supervisorPassword = new SimpleStringProperty(this, "pw", "");
  private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
  private volatile EndOfDayReport last;

  public EndOfDayViewModel(DeskControls controls, TaskRunner tasks) {
    this.c = controls;
    this.tasks = tasks;
    this.branch = controls.actor().may(Permission.CLOSE_BRANCH_DAY);
  }

  public boolean branch() {
    return branch;
  }

  private List<DeskItem> desk() {
    return c.deskInDoubt().get();
  }

  public void reload() {
    tasks.run(
        () ->
            branch
                ? c.endOfDay().branchReport(c.actor(), desk())
                : c.endOfDay().tellerReport(c.actor(), c.actor().userId(), desk()),
        this::show,
        this::failed);
  }

  private void show(EndOfDayReport r) {
    last = r;
    report.set(String.join("\n", EndOfDayPdf.lines(r)));
    inDoubt.setAll(r.inDoubt());
    closable.set(!r.closed() && r.blockers().isEmpty());
  }

  private void failed(Throwable e) {
    message.set(e instanceof ServiceRefusal ? e.getMessage() : "The ledger said: " + e);
  }

  /**
   * Signs an in-doubt item off: the supervisor (this desk's user, or one authenticating over the
   * shoulder) fences its key in the ledger; the desk closes it as abandoned.
   */
  public void signOff(EndOfDayReport.InDoubtItem item) {
    if (item == null) {
      message.set("Choose the in-doubt item.");
      return;
    }
    String id = supervisorId.get();
    char[] pw =
        supervisorPassword.get() == null ? new char[0] : supervisorPassword.get().toCharArray();
    supervisorPassword.set("");
    String why = reason.get();
    tasks.run(
        () -> {
          // The desk's user signs off if they may; else a supervisor over the shoulder.
          boolean here = c.actor().may(Permission.ACT_FOR_OTHER_TELLER);
          String teller = item.tellerId() == null ? Actor.LEGACY_TELLER : item.tellerId();
          TransferOutcome o =
              c.endOfDay()
                  .signOffInDoubt(
                      c.actor(),
                      here ? null : id,
                      here ? null : pw,
                      teller,
                      item.key(),
                      item.request(),
                      why);
          if (o instanceof TransferOutcome.Invalid i) {
            throw ServiceRefusal.invalid(i.summary());
          }
          if (o instanceof TransferOutcome.Voided v) {
            c.markAbandoned().accept(item.key(), "Signed off by " + v.voidedBy() + ": " + why);
          }
          return o;
        },
        o -> {
          message.set(
              item.key().shortForm()
                  + (o instanceof TransferOutcome.Voided v
                      ? ": signed off by " + v.voidedBy() + "; it can never post."
                      : ": the ledger had decided it (" + o.getClass().getSimpleName() + ")."));
          reload();
        },
        this::failed);
  }

  /** Closes the teller's day (a teller) or the business day (a supervisor); saves the PDF. */
  public void close() {
    tasks.run(
        () -> {
          EndOfDayReport r =
              branch
                  ? c.endOfDay().closeBusinessDay(c.actor(), desk())
                  : c.endOfDay().closeTellerDay(c.actor(), c.actor().userId(), desk());
          return new Closed(r, save(r));
        },
        closed -> {
          show(closed.report());
          message.set("Closed. The report is saved as " + closed.pdf());
        },
        this::failed);
  }

  private record Closed(EndOfDayReport report, Path pdf) {}

  private Path save(EndOfDayReport r) throws java.io.IOException {
    Files.createDirectories(c.paperDirectory());
    Path file =
        c.paperDirectory()
            .resolve(
                "end-of-day-"
                    + r.date()
                    + "-"
                    + (r.tellerId() == null ? "branch" : r.tellerId())
                    + ".pdf");
    EndOfDayPdf.write(r, file);
    return file;
  }

  public EndOfDayReport last() {
    return last;
  }

  public ReadOnlyStringProperty reportProperty() {
    return report.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty closableProperty() {
    return closable.getReadOnlyProperty();
  }

  public ObservableList<EndOfDayReport.InDoubtItem> inDoubt() {
    return inDoubt;
  }

  public StringProperty supervisorIdProperty() {
    return supervisorId;
  }

  public StringProperty supervisorPasswordProperty() {
    return supervisorPassword;
  }

  public StringProperty reasonProperty() {
    return reason;
  }
}
