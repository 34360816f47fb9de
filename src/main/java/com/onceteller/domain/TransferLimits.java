package com.onceteller.domain;

/** Hard limits a request must respect before it may touch the ledger. */
public final class TransferLimits {
  /** 1,000,000,000.00 in a two-decimal currency: far above a teller's till, far below overflow. */
  public static final long MAX_AMOUNT_MINOR = 100_000_000_000L;

  public static final int MAX_MEMO_LENGTH = 140;
  public static final int MAX_ACCOUNT_NUMBER_LENGTH = 34;

  /** Who abandoned a transfer: column {@code idempotency_record.voided_by}. */
  public static final int MAX_ACTOR_LENGTH = 120;

  /** Why a transfer was abandoned: column {@code idempotency_record.void_reason}. */
  public static final int MAX_REASON_LENGTH = 1000;

  /** An operator's note on a restored posting (part of {@code ledger_incident.detail}). */
  public static final int MAX_NOTE_LENGTH = 1000;

  private TransferLimits() {}
}
