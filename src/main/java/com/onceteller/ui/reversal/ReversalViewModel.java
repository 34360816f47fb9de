package com.onceteller.ui.reversal;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Reversals;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferSummary;
import com.onceteller.ui.TaskRunner;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The reversal form: the original posting, a reason, and a key of its own minted when the form
 * opens (never per attempt), so sending again, after an approval or a lost answer, is the same
 * intent and posts at most once.
 */
public final class ReversalViewModel {

  /** Sends the reversal to the ledger: key, original reference, reason. */
  @FunctionalInterface
  public interface Port {
    TransferOutcome reverse(IdempotencyKey key, String reference, String reason);
  }

  private final Port port;
  private final TaskRunner tasks;
  private final IdempotencyKey key = IdempotencyKey.mint();
  private final String reference;
  private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
  private final ReadOnlyStringWrapper original = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<TransferOutcome> outcome = new ReadOnlyObjectWrapper<>();
  private final Consumer<TransferOutcome> onOutcome;
  private boolean sending;

  public ReversalViewModel(
      String reference,
      Function<String, Optional<TransferSummary>> lookup,
      Port port,
      TaskRunner tasks,
      Consumer<TransferOutcome> onOutcome) {
    this.reference = reference;
    this.port = port;
    this.tasks = tasks;
    this.onOutcome = onOutcome;
    tasks.run(
        () -> lookup.apply(reference),
        t ->
            original.set(
                t.map(
                        s ->
                            s.reference()
                                + "  "
                                + s.amount().format()
                                + "  "
                                + s.fromAccount()
                                + " → "
                                + s.toAccount()
                                + "  by "
                                + s.tellerId()
                                + (s.reversedBy() == null
                                    ? ""
                                    : "  (reversed by " + s.reversedBy() + ")")
                                + (s.reversalOf() == null
                                    ? ""
                                    : "  (a reversal of " + s.reversalOf() + ")"))
                    .orElse("No posting " + reference + ".")),
        e -> original.set("The ledger could not be read: " + e.getMessage()));
  }

  /** Sends the reversal under the form's key (again after an approval: the same key). */
  public void submit() {
    if (sending) {
      return;
    }
    sending = true;
    message.set("Sending reversal " + key.shortForm() + "…");
    String why = reason.get();
    tasks.run(
        () -> port.reverse(key, reference, why),
        o -> {
          sending = false;
          outcome.set(o);
          message.set(describe(o));
          onOutcome.accept(o);
        },
        e -> {
          sending = false;
          message.set("Not sent: " + e.getMessage() + " Sending again is safe (same key).");
        });
  }

  static String describe(TransferOutcome o) {
    if (o instanceof TransferOutcome.Posted p) {
      return (p.replayed() ? "Already reversed as " : "Reversed: posted as ") + p.reference() + ".";
    } else if (o instanceof TransferOutcome.Rejected r) {
      return "Not reversed: " + r.message();
    } else if (o instanceof TransferOutcome.NeedsApproval n) {
      return n.approval() == null
          ? "Needs a supervisor: " + n.why()
          : "Approved by " + n.approval().approverId() + "; send again to post.";
    } else if (o instanceof TransferOutcome.Invalid i) {
      return "Not accepted: " + i.summary();
    } else if (o instanceof TransferOutcome.KeyReused) {
      return "This form's key was used for something else; open a new reversal.";
    } else if (o instanceof TransferOutcome.Voided v) {
      return "Declined by " + v.voidedBy() + ": " + v.reason();
    }
    return "No answer yet; sending again is safe (same key).";
  }

  public IdempotencyKey key() {
    return key;
  }

  public String reference() {
    return reference;
  }

  /** The fingerprint a supervisor approves. */
  public String fingerprint(TransferOutcome.NeedsApproval n) {
    return Reversals.fingerprint(reference, n.request());
  }

  public StringProperty reasonProperty() {
    return reason;
  }

  public ReadOnlyStringProperty originalProperty() {
    return original.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<TransferOutcome> outcomeProperty() {
    return outcome.getReadOnlyProperty();
  }
}
