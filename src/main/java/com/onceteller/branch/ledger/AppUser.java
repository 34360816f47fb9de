package com.onceteller.branch.ledger;

import com.onceteller.domain.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * A user of the ledger: a teller, supervisor, auditor or administrator. Holds the lockout rule: the
 * fifth consecutive failed sign-on locks the user until someone unlocks it. Never deleted (a
 * trigger refuses it), only disabled, so every user id the journal and audit trail name stays
 * meaningful.
 */
@Entity
@Table(name = "app_user")
public class AppUser {

  /** Consecutive failed sign-ons that lock a user (PCI DSS 8.3.4: at most 10; we use 5). */
  public static final int MAX_FAILED_SIGN_ONS = 5;

  @Id
  @Column(name = "user_id", length = 32)
  private String userId;

  @Column(name = "display_name", nullable = false, length = 120)
  private String displayName;

  @Enumerated(EnumType.STRING)
  @Column(name = "role", nullable = false, length = 16)
  private Role role;

  @Column(name = "password_hash", nullable = false, length = 200)
  private String passwordHash;

  @Column(name = "enabled", nullable = false)
  private boolean enabled;

  @Column(name = "failed_sign_ons", nullable = false)
  private int failedSignOns;

  @Column(name = "locked_at")
  private Instant lockedAt;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "created_by", nullable = false, length = 32, updatable = false)
  private String createdBy;

  @Column(name = "password_changed_at", nullable = false)
  private Instant passwordChangedAt;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected AppUser() {}

  public AppUser(
      String userId,
      String displayName,
      Role role,
      String passwordHash,
      String createdBy,
      Instant at) {
    this.userId = Objects.requireNonNull(userId, "userId");
    this.displayName = Objects.requireNonNull(displayName, "displayName");
    this.role = Objects.requireNonNull(role, "role");
    this.passwordHash = Objects.requireNonNull(passwordHash, "passwordHash");
    this.createdBy = Objects.requireNonNull(createdBy, "createdBy");
    this.createdAt = Objects.requireNonNull(at, "at");
    this.passwordChangedAt = at;
    this.enabled = true;
  }

  /**
   * Counts a failed sign-on; returns true when this failure locked the user. A locked user stays
   * locked however often it is tried again.
   */
  public boolean signOnFailed(Instant at) {
    if (failedSignOns < Integer.MAX_VALUE) {
      failedSignOns++;
    }
    if (lockedAt == null && failedSignOns >= MAX_FAILED_SIGN_ONS) {
      lockedAt = at;
      return true;
    }
    return false;
  }

  /** A successful sign-on clears the count of failures (never a lock: a locked user cannot). */
  public void signedOn() {
    if (isLocked()) {
      throw new IllegalStateException("a locked user cannot sign on");
    }
    failedSignOns = 0;
  }

  public void unlock() {
    lockedAt = null;
    failedSignOns = 0;
  }

  public void changePassword(String newHash, Instant at) {
    this.passwordHash = Objects.requireNonNull(newHash, "newHash");
    this.passwordChangedAt = at;
  }

  public void changeRole(Role newRole) {
    this.role = Objects.requireNonNull(newRole, "newRole");
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isLocked() {
    return lockedAt != null;
  }

  public String getUserId() {
    return userId;
  }

  public String getDisplayName() {
    return displayName;
  }

  public Role getRole() {
    return role;
  }

  public String getPasswordHash() {
    return passwordHash;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public int getFailedSignOns() {
    return failedSignOns;
  }

  public Instant getLockedAt() {
    return lockedAt;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public String getCreatedBy() {
    return createdBy;
  }
}
