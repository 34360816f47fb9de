package com.onceteller.desk.client;

import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.RestoreResult;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;

/**
 * What a desk may ask of the ledger besides sending a transfer: what became of a key, and the two
 * repairs a start-up audit may need. Embedded it calls the service; against a branch server it is
 * HTTP. A failure to reach the ledger is an {@link IllegalStateException} (the audit then stops and
 * tries again at the next start).
 */
public interface LedgerInquiry {

  /** What the ledger holds for {@code key}. */
  KeyStatus statusOf(IdempotencyKey key);

  /**
   * Re-posts a posting the teller was shown as Posted but the ledger has no trace of, exactly as
   * acknowledged (original reference where still free, original time), recording an incident in the
   * ledger. Writes nothing when the ledger knows the key after all.
   */
  RestoreResult restore(Outbox.Acknowledgement acknowledgement, String note);

  /**
   * Fences {@code key} (a stored void): afterwards no attempt with it can post. Answers with the
   * stored decision instead when the key is already decided (a posting is then not voided).
   */
  TransferOutcome fence(IdempotencyKey key, TransferRequest request, String by, String reason);
}
