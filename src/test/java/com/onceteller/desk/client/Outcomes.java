package com.onceteller.desk.client;

import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.RejectionReason;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Instant;
import java.util.List;

/** One sample of every answer the service can give, first answers and replays, for tests. */
public final class Outcomes {

  public static final IdempotencyKey KEY = IdempotencyKey.mint();
  public static final TransferRequest REQUEST =
      new TransferRequest("DE89370400440532013000", "DE02120300000000202051", 12_500, "EUR", "");
  public static final Instant AT = Instant.parse("2026-03-14T10:42:00Z");

  private Outcomes() {}

  public static TransferOutcome.Posted posted(boolean replayed) {
    return new TransferOutcome.Posted(KEY, "T-000042", REQUEST, AT, replayed);
  }

  public static TransferOutcome.Rejected rejected(RejectionReason reason, boolean replayed) {
    return new TransferOutcome.Rejected(KEY, reason, reason.label() + ".", REQUEST, AT, replayed);
  }

  public static TransferOutcome.Voided voided(boolean replayed) {
    return new TransferOutcome.Voided(KEY, REQUEST, AT, "anna", "customer left", replayed);
  }

  /** Every outcome type, each first-answer and replayed variant, every rejection reason. */
  public static List<TransferOutcome> all() {
    List<TransferOutcome> all = new java.util.ArrayList<>();
    all.add(posted(false));
    all.add(posted(true));
    for (RejectionReason r : RejectionReason.values()) {
      all.add(rejected(r, false));
      all.add(rejected(r, true));
    }
    all.add(voided(false));
    all.add(voided(true));
    all.add(
        new TransferOutcome.KeyReused(KEY, REQUEST, REQUEST.withAmount(22_500), "T-000042", AT));
    all.add(new TransferOutcome.KeyReused(KEY, null, REQUEST, null, null));
    all.add(
        new TransferOutcome.Invalid(
            KEY, List.of(new FieldError(FieldError.Field.AMOUNT, "Enter an amount."))));
    all.add(new TransferOutcome.InProgress(KEY, "Another attempt is being written."));
    all.add(new TransferOutcome.NotExecuted(KEY, "Rolled back; nothing moved."));
    all.add(new TransferOutcome.OutcomeUnknown(KEY, "The commit could not be confirmed."));
    all.add(
        new TransferOutcome.NeedsApproval(
            KEY, REQUEST, "Above your limit of EUR 5,000.00.", AT, null, false));
    return all;
  }
}
