package com.onceteller.domain;

import java.util.Objects;

/**
 * The answer to an approval: the approval now stored for the key ({@code replayed} when it was
 * already there, given by the same supervisor for the same request), and what the teller's next
 * attempt will do.
 */
public record ApprovalResult(Approval approval, boolean replayed, String message) {
  public ApprovalResult {
    Objects.requireNonNull(approval, "approval");
    Objects.requireNonNull(message, "message");
  }
}
