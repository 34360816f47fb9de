package com.onceteller.branch.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * Something an operator must see because the ledger did not simply follow its rules, e.g. a posting
 * the desk had acknowledged and the ledger had lost, restored afterwards. Append-only: a database
 * trigger refuses to change or delete a row (db/vendor/h2/V6).
 */
@Entity
@Immutable
@Table(name = "ledger_incident")
public class LedgerIncident {

  /** What happened. Stored by name. */
  public enum Kind {
    /**
     * The desk held a durable acknowledgement ("Posted &lt;reference&gt;") for a key the ledger had
     * no trace of; the posting was restored as acknowledged.
     */
    ACKNOWLEDGED_POSTING_RESTORED
  }

  static final int DETAIL_LENGTH = 4000;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Enumerated(EnumType.STRING)
  @Column(name = "kind", nullable = false, length = 40)
  private Kind kind;

  @Column(name = "idempotency_key")
  private UUID idempotencyKey;

  @Column(name = "reference", length = 16)
  private String reference;

  @Column(name = "detail", nullable = false, length = DETAIL_LENGTH)
  private String detail;

  @Column(name = "recorded_at", nullable = false)
  private Instant recordedAt;

  protected LedgerIncident() {}

  private LedgerIncident(
      Kind kind, UUID idempotencyKey, String reference, String detail, Instant recordedAt) {
    this.kind = kind;
    this.idempotencyKey = idempotencyKey;
    this.reference = reference;
    this.detail = detail;
    this.recordedAt = recordedAt;
  }

  /** The incident of a restored acknowledged posting; {@code detail} says what was done. */
  public static LedgerIncident postingRestored(
      UUID key, String reference, String detail, Instant at) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(at, "at");
    if (detail == null || detail.isBlank()) {
      throw new IllegalArgumentException("an incident says what happened");
    }
    // The detail is generated text plus a bounded note; cut rather than fail the restore.
    String d =
        detail.length() > DETAIL_LENGTH ? detail.substring(0, DETAIL_LENGTH - 1) + "…" : detail;
    return new LedgerIncident(Kind.ACKNOWLEDGED_POSTING_RESTORED, key, reference, d, at);
  }

  public Long getId() {
    return id;
  }

  public Kind getKind() {
    return kind;
  }

  public UUID getIdempotencyKey() {
    return idempotencyKey;
  }

  public String getReference() {
    return reference;
  }

  public String getDetail() {
    return detail;
  }

  public Instant getRecordedAt() {
    return recordedAt;
  }
}
