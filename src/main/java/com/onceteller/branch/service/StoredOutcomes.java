package com.onceteller.branch.service;

import com.onceteller.branch.ledger.IdempotencyRecord;
import com.onceteller.branch.ledger.Transfer;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.util.Optional;
import org.hibernate.Session;

/** Turns a stored decision back into an answer: the replay half of exactly-once. */
final class StoredOutcomes {

  private static final java.time.format.DateTimeFormatter DECIDED =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
          .withZone(java.time.ZoneOffset.UTC);

  private StoredOutcomes() {}

  /**
   * Reads the stored decision in one query (record joined with its transfer). With {@code
   * fallbackToTransfer}, a key without a record is also looked up among the transfers, whose key is
   * unique forever; the cheap path for new keys skips that second query, since the claim itself
   * would collide with such a transfer and come back here with the fallback.
   */
  static Optional<TransferOutcome> read(
      Session session,
      IdempotencyKey key,
      TransferRequest attempted,
      String fingerprint,
      boolean fallbackToTransfer) {
    IdempotencyRecord record =
        session
            .createSelectionQuery(
                "from IdempotencyRecord r left join fetch r.transfer where r.key = :key",
                IdempotencyRecord.class)
            .setParameter("key", key.value())
            .getSingleResultOrNull();
    if (record == null) {
      if (!fallbackToTransfer) {
        return Optional.empty();
      }
      // The transfer row carries the key too: even without its record, a posted key stays posted.
      Transfer transfer = session.bySimpleNaturalId(Transfer.class).load(key.value());
      if (transfer == null) {
        return Optional.empty();
      }
      TransferRequest original = requestOf(transfer);
      if (!original.fingerprint().equals(fingerprint)) {
        return Optional.of(
            new TransferOutcome.KeyReused(
                key, original, attempted, transfer.getReference(), transfer.getPostedAt()));
      }
      return Optional.of(
          new TransferOutcome.Posted(
              key, transfer.getReference(), original, transfer.getPostedAt(), true));
    }
    Transfer transfer = record.getTransfer();
    TransferRequest original =
        record.getRequestCanonical() != null
            ? TransferRequest.fromCanonicalForm(record.getRequestCanonical())
            : transfer != null ? requestOf(transfer) : null;
    if (!record.getFingerprint().equals(fingerprint)) {
      return Optional.of(
          new TransferOutcome.KeyReused(
              key,
              original,
              attempted,
              transfer == null ? null : transfer.getReference(),
              record.getDecidedAt()));
    }
    TransferRequest shown = original != null ? original : attempted;
    if (record.getOutcome() == IdempotencyRecord.Decision.POSTED) {
      return Optional.of(
          new TransferOutcome.Posted(
              key, transfer.getReference(), shown, record.getDecidedAt(), true));
    }
    return Optional.of(
        new TransferOutcome.Rejected(
            key,
            record.getRejectionReason(),
            record.getRejectionReason().label()
                + " — decided "
                + DECIDED.format(record.getDecidedAt())
                + "; the same key always gets this answer.",
            shown,
            record.getDecidedAt(),
            true));
  }

  static TransferRequest requestOf(Transfer t) {
    return new TransferRequest(
        t.getFrom().getNumber(),
        t.getTo().getNumber(),
        t.getAmountMinor(),
        t.getCurrency(),
        t.getMemo());
  }
}
