package com.onceteller.ui.receipt;

import com.onceteller.domain.Receipt;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.paper.ReceiptPdf;
import com.onceteller.ui.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Issues a posting's receipt (the ledger numbers the copy: a reprint is DUPLICATE and audited),
 * saves it as a PDF and hands its lines to the printer.
 */
public final class ReceiptViewModel {

  private final Function<String, Receipt> issue;
  private final TaskRunner tasks;
  private final Path directory;
  private final ZoneId zone;
  private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private volatile List<String> lines = List.of();
  private volatile Path saved;

  public ReceiptViewModel(
      Function<String, Receipt> issue, TaskRunner tasks, Path directory, ZoneId zone) {
    this.issue = issue;
    this.tasks = tasks;
    this.directory = directory;
    this.zone = zone;
  }

  /** Issues the next copy of {@code reference}'s receipt and saves it; {@code then} prints it. */
  public void issue(String reference, Runnable then) {
    message.set("Issuing the receipt of " + reference + "…");
    tasks.run(
        () -> {
          Receipt r = issue.apply(reference);
          Files.createDirectories(directory);
          Path file =
              directory.resolve(r.reference() + (r.duplicate() ? "-copy" + r.copy() : "") + ".pdf");
          ReceiptPdf.write(r, zone, file);
          lines = ReceiptPdf.lines(r, zone);
          saved = file;
          return r;
        },
        r -> {
          text.set(String.join("\n", lines));
          message.set((r.duplicate() ? "DUPLICATE saved as " : "Saved as ") + saved);
          then.run();
        },
        e ->
            message.set(
                e instanceof ServiceRefusal ? e.getMessage() : "No receipt: " + e.getMessage()));
  }

  public List<String> lines() {
    return lines;
  }

  public Path saved() {
    return saved;
  }

  public ReadOnlyStringProperty textProperty() {
    return text.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** Reports that printing happened or could not (no printer: the PDF stands). */
  public void printed(String what) {
    message.set(message.get() + " — " + what);
  }
}
