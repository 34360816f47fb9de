package com.onceteller.branch.service;

import com.onceteller.branch.ledger.ApprovalRecord;
import com.onceteller.branch.ledger.IdempotencyRecord;
import com.onceteller.branch.ledger.Transfer;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Approval;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.hibernate.Session;

/** Turns a stored decision back into an answer: the replay half of exactly-once. */
final class StoredOutcomes {

  private static final DateTimeFormatter DECIDED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private StoredOutcomes() {}

  /**
   * The answer a new attempt with {@code attempted} gets for {@code key}: a replay of the stored
   * decision, a key-reuse refusal, or empty when nothing is stored. Reads the record in one query
   * (joined with its transfer). With {@code fallbackToTransfer}, a key without a record is also
   * looked up among the transfers, whose key is unique forever; the cheap path for new keys skips
   * that second query, since the claim itself would collide with such a transfer and come back here
   * with the fallback.
   */
  static Optional<TransferOutcome> read(
      Session session,
      String teller,
      IdempotencyKey key,
      TransferRequest attempted,
      String fingerprint,
      boolean fallbackToTransfer) {
    // The cheap path (a new key's pre-read) asks the teller's own scope only: a key decided in the
    // legacy scope (before V8) does not collide with the claim, but the posting's context read
    // finds it and replays it (PostingContext, legacyReplay).
    IdempotencyRecord record =
        fallbackToTransfer ? record(session, teller, key) : ownRecord(session, teller, key);
    if (record == null) {
      if (!fallbackToTransfer) {
        return Optional.empty();
      }
      // The transfer row carries the key too: even without its record, a posted key stays posted.
      Transfer transfer = transfer(session, teller, key);
      return Optional.ofNullable(transfer).map(t -> fromTransfer(key, t, attempted, fingerprint));
    }
    return Optional.of(answer(session, key, record, attempted, fingerprint));
  }

  /**
   * As {@link #read} without the fallback, for a record whose id a plain probe of the unique
   * (teller, key) index found ({@code PostingHead#storedId}): loaded by its primary key, no second
   * lookup of the key.
   */
  static Optional<TransferOutcome> readRecord(
      Session session,
      long recordId,
      IdempotencyKey key,
      TransferRequest attempted,
      String fingerprint) {
    IdempotencyRecord record = session.find(IdempotencyRecord.class, recordId);
    return record == null
        ? Optional.empty()
        : Optional.of(answer(session, key, record, attempted, fingerprint));
  }

  /** The answer {@code record} gives an attempt with {@code attempted}. */
  private static TransferOutcome answer(
      Session session,
      IdempotencyKey key,
      IdempotencyRecord record,
      TransferRequest attempted,
      String fingerprint) {
    Transfer transfer = record.getTransfer();
    TransferRequest original = originalRequest(record);
    if (record.getOutcome() == IdempotencyRecord.Decision.VOIDED
        && record.getFingerprint() == null) {
      // The void did not know what it fenced: every request with this key gets the void.
      return voided(key, record, null);
    }
    if (!sameRequest(record.getFingerprint(), original, fingerprint)) {
      return new TransferOutcome.KeyReused(
          key,
          original,
          attempted,
          transfer == null ? null : transfer.getReference(),
          record.getDecidedAt());
    }
    TransferRequest shown = original != null ? original : attempted;
    return decided(session, key, record, shown);
  }

  /** The answer for an attempt on a key that a transfer carries: its replay, or a key reuse. */
  static TransferOutcome fromTransfer(
      IdempotencyKey key, Transfer transfer, TransferRequest attempted, String fingerprint) {
    TransferRequest original = requestOf(transfer);
    if (!sameRequest(original.fingerprint(), original, fingerprint)) {
      return new TransferOutcome.KeyReused(
          key, original, attempted, transfer.getReference(), transfer.getPostedAt());
    }
    return new TransferOutcome.Posted(
        key, transfer.getReference(), original, transfer.getPostedAt(), true);
  }

  /**
   * The decision stored for {@code key} as it was made, whatever request is asking (for abandon: a
   * posted key shows its posting, not a key-reuse refusal); empty when the key is unknown. Also
   * finds a posting whose record is missing, by the transfer row's key. {@code asking} is shown as
   * the request only where the stored one was compacted and its fingerprint proves it the same.
   */
  static Optional<TransferOutcome> decision(
      Session session, String teller, IdempotencyKey key, TransferRequest asking) {
    IdempotencyRecord record = record(session, teller, key);
    if (record == null) {
      Transfer transfer = transfer(session, teller, key);
      return Optional.ofNullable(transfer)
          .map(
              t ->
                  new TransferOutcome.Posted(
                      key, t.getReference(), requestOf(t), t.getPostedAt(), true));
    }
    TransferRequest shown = originalRequest(record);
    if (shown == null
        && asking != null
        && record.getFingerprint() != null
        && record.getFingerprint().equals(asking.fingerprint())) {
      shown = asking;
    }
    return Optional.of(decided(session, key, record, shown));
  }

  /** What the ledger knows about {@code key}, for {@link LedgerQueries#statusOf}. */
  static KeyStatus status(Session session, String teller, IdempotencyKey key) {
    IdempotencyRecord record = record(session, teller, key);
    if (record == null) {
      Transfer transfer = transfer(session, teller, key);
      return transfer == null
          ? KeyStatus.unknown(key)
          : KeyStatus.posted(
              key, transfer.getReference(), transfer.getPostedAt(), requestOf(transfer));
    }
    TransferRequest request = originalRequest(record);
    return switch (record.getOutcome()) {
      case POSTED ->
          KeyStatus.posted(
              key, record.getTransfer().getReference(), record.getDecidedAt(), request);
      case REJECTED ->
          KeyStatus.rejected(key, record.getRejectionReason(), record.getDecidedAt(), request);
      case VOIDED ->
          KeyStatus.voided(
              key, record.getVoidedBy(), record.getVoidReason(), record.getDecidedAt(), request);
      case NEEDS_APPROVAL -> KeyStatus.awaitingApproval(key, record.getDecidedAt(), request);
    };
  }

  /**
   * The record of {@code key} in {@code teller}'s scope, or else in the legacy scope (keys decided
   * before keys were scoped, V8, answer every teller), or null.
   */
  static IdempotencyRecord record(Session session, String teller, IdempotencyKey key) {
    IdempotencyRecord own = ownRecord(session, teller, key);
    return own != null ? own : legacyRecord(session, teller, key);
  }

  /**
   * The record of {@code key} in {@code teller}'s own scope, or null. Both columns of the unique
   * (teller, key) index as equalities, never an IN list: H2 keeps a parsed statement's plan while
   * the connection caches it, and a plan made while the table was nearly empty used the index for
   * the teller only and then read every record of the teller (replays slowed down as a new ledger
   * filled). A point lookup on a unique index is chosen whatever the statistics say.
   */
  private static IdempotencyRecord ownRecord(Session session, String teller, IdempotencyKey key) {
    return session
        .createSelectionQuery(
            "from IdempotencyRecord r left join fetch r.transfer where r.key = :key"
                + " and r.tellerId = :teller",
            IdempotencyRecord.class)
        .setParameter("key", key.value())
        .setParameter("teller", teller)
        .getSingleResultOrNull();
  }

  /**
   * The transfer posted under {@code key} in {@code teller}'s scope (or the legacy one), or null.
   * Equalities on the unique (teller, key) index, as {@link #ownRecord}.
   */
  static Transfer transfer(Session session, String teller, IdempotencyKey key) {
    Transfer own = transferOf(session, teller, key);
    return own != null || Actor.LEGACY_TELLER.equals(teller)
        ? own
        : transferOf(session, Actor.LEGACY_TELLER, key);
  }

  private static Transfer transferOf(Session session, String teller, IdempotencyKey key) {
    return session
        .createSelectionQuery(
            "from Transfer t where t.idempotencyKey = :key and t.tellerId = :teller",
            Transfer.class)
        .setParameter("key", key.value())
        .setParameter("teller", teller)
        .getSingleResultOrNull();
  }

  /**
   * The legacy scope's record of {@code key} when {@code teller} is someone else, or null: checked
   * after a claim, so an attempt on a key decided before V8 replays it instead of posting again.
   */
  static IdempotencyRecord legacyRecord(Session session, String teller, IdempotencyKey key) {
    if (Actor.LEGACY_TELLER.equals(teller)) {
      return null;
    }
    return session
        .createSelectionQuery(
            "from IdempotencyRecord r left join fetch r.transfer where r.key = :key"
                + " and r.tellerId = :legacy",
            IdempotencyRecord.class)
        .setParameter("key", key.value())
        .setParameter("legacy", Actor.LEGACY_TELLER)
        .getSingleResultOrNull();
  }

  /** The request as stored, or rebuilt from the transfer after compaction; null if neither. */
  private static TransferRequest originalRequest(IdempotencyRecord record) {
    if (record.getRequestCanonical() != null) {
      return TransferRequest.fromCanonicalForm(record.getRequestCanonical());
    }
    return record.getTransfer() != null ? requestOf(record.getTransfer()) : null;
  }

  /**
   * Same request: the fingerprints are equal, or the stored request, normalised as today's service
   * normalises (Unicode NFC since V5), fingerprints as the attempt does. The second test keeps a
   * retry of a request decided before NFC normalisation (say a memo with the ohm sign U+2126, which
   * NFC turns into omega) a replay instead of a key reuse, as long as the stored request is kept.
   */
  private static boolean sameRequest(
      String storedFingerprint, TransferRequest stored, String attemptedFingerprint) {
    if (attemptedFingerprint.equals(storedFingerprint)) {
      return true;
    }
    return stored != null && stored.normalized().fingerprint().equals(attemptedFingerprint);
  }

  /** The stored decision as a replayed answer, showing {@code shown} as its request. */
  private static TransferOutcome decided(
      Session session, IdempotencyKey key, IdempotencyRecord record, TransferRequest shown) {
    return switch (record.getOutcome()) {
      case POSTED ->
          new TransferOutcome.Posted(
              key, record.getTransfer().getReference(), shown, record.getDecidedAt(), true);
      case REJECTED ->
          new TransferOutcome.Rejected(
              key,
              record.getRejectionReason(),
              record.getRejectionReason().label()
                  + " — decided "
                  + DECIDED.format(record.getDecidedAt())
                  + "; the same key always gets this answer.",
              shown,
              record.getDecidedAt(),
              true);
      case VOIDED -> voided(key, record, shown);
      case NEEDS_APPROVAL ->
          new TransferOutcome.NeedsApproval(
              key,
              shown,
              record.getApprovalNeeded(),
              record.getDecidedAt(),
              approval(session, record.getTellerId(), key, record.getFingerprint()),
              true);
    };
  }

  /**
   * The approval given for {@code teller}'s {@code key}, if it approves the request with {@code
   * fingerprint}; null otherwise (none yet, or one for another request, which cannot happen while
   * keys are bound to one fingerprint but is never trusted).
   */
  static Approval approval(Session session, String teller, IdempotencyKey key, String fingerprint) {
    ApprovalRecord a = approvalRecord(session, teller, key);
    if (a == null || fingerprint == null || !fingerprint.equals(a.getFingerprint())) {
      return null;
    }
    return approval(a);
  }

  static ApprovalRecord approvalRecord(Session session, String teller, IdempotencyKey key) {
    return session
        .createSelectionQuery(
            "from ApprovalRecord a where a.tellerId = :t and a.key = :k", ApprovalRecord.class)
        .setParameter("t", teller)
        .setParameter("k", key.value())
        .getSingleResultOrNull();
  }

  static Approval approval(ApprovalRecord a) {
    return new Approval(
        a.getTellerId(),
        new IdempotencyKey(a.getKey()),
        a.getFingerprint(),
        a.getApproverId(),
        a.getApproverWorkstation(),
        a.getApprovedAt(),
        a.getReason(),
        a.getMode());
  }

  private static TransferOutcome.Voided voided(
      IdempotencyKey key, IdempotencyRecord record, TransferRequest shown) {
    return new TransferOutcome.Voided(
        key, shown, record.getDecidedAt(), record.getVoidedBy(), record.getVoidReason(), true);
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
