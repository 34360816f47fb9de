package com.onceteller.branch.service;

import com.onceteller.branch.ledger.ReceiptIssue;
import com.onceteller.branch.ledger.Transfer;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Money;
import com.onceteller.domain.Permission;
import com.onceteller.domain.Receipt;
import com.onceteller.domain.ServiceRefusal;
import java.time.Instant;
import org.hibernate.SessionFactory;

/**
 * Receipts for postings and reversals. Each issue is numbered per posting and recorded; the first
 * copy is the original, every later copy is a DUPLICATE and in the audit trail as a reprint.
 */
public final class ReceiptService {

  private final TransferService transfers;
  private final SessionFactory sf;
  private final AuditTrail audit;

  public ReceiptService(TransferService transfers) {
    this.transfers = transfers;
    this.sf = transfers.database().sessionFactory();
    this.audit = transfers.audit();
  }

  /**
   * Issues the next copy of the receipt of posting {@code reference}.
   *
   * @throws ServiceRefusal NOT_PERMITTED (an administrator or nobody), NOT_FOUND (no such posting)
   */
  public Receipt issue(Actor actor, String reference) {
    return issue(actor, reference, null);
  }

  /**
   * {@link #issue} under the actor's Idempotency-Key ({@code opKey}, the branch API's {@code POST
   * /v1/receipts}): the copy is stored with its answer in the issue's transaction, so a retry of a
   * lost answer replays the same copy and never counts another reprint.
   */
  public KeyedOperations.Answer issue(
      KeyedOperations keyed,
      IdempotencyKey opKey,
      java.util.function.Function<Receipt, String> encode,
      Actor actor,
      String reference) {
    String ref = reference == null ? "" : reference.strip();
    return keyed.run(
        new KeyedOperations.Request(
            actor, opKey, "ISSUE_RECEIPT", KeyedOperations.fingerprint(ref)),
        encode,
        hook -> issue(actor, ref, hook));
  }

  private Receipt issue(
      Actor actor,
      String reference,
      java.util.function.BiConsumer<org.hibernate.Session, Receipt> hook) {
    String ref = reference == null ? "" : reference.strip();
    Access.require(audit, actor, Permission.PRINT_RECEIPT, "receipt " + ref);
    Receipt r =
        transfers
            .withWriter(
                () ->
                    sf.fromTransaction(
                        s -> {
                          String problem = Access.userProblem(s, actor);
                          if (problem != null) {
                            throw new ServiceRefusal(ServiceRefusal.Kind.NOT_PERMITTED, problem);
                          }
                          Transfer t =
                              s.createSelectionQuery(
                                      "from Transfer t join fetch t.from join fetch t.to"
                                          + " left join fetch t.reversalOf where t.reference = :r",
                                      Transfer.class)
                                  .setParameter("r", ref)
                                  .getSingleResultOrNull();
                          if (t == null) {
                            throw new ServiceRefusal(
                                ServiceRefusal.Kind.NOT_FOUND, "No posting " + ref + ".");
                          }
                          Integer last =
                              s.createSelectionQuery(
                                      "select max(i.copyNumber) from ReceiptIssue i"
                                          + " where i.transferId = :t",
                                      Integer.class)
                                  .setParameter("t", t.getId())
                                  .getSingleResult();
                          int copy = last == null ? 1 : last + 1;
                          Instant now = audit.now();
                          s.persist(
                              new ReceiptIssue(
                                  t.getId(), copy, now, actor.userId(), actor.workstation()));
                          AuditTrail.record(
                              s,
                              now,
                              actor,
                              copy == 1
                                  ? AuditEventType.RECEIPT_PRINTED
                                  : AuditEventType.RECEIPT_REPRINTED,
                              true,
                              "receipt " + ref,
                              copy == 1 ? "original" : "DUPLICATE, copy " + copy);
                          Receipt receipt =
                              new Receipt(
                                  t.getReference(),
                                  t.getPostedAt(),
                                  t.getBusinessDate(),
                                  t.getTellerId(),
                                  Receipt.mask(t.getFrom().getNumber()),
                                  t.getFrom().getHolder(),
                                  Receipt.mask(t.getTo().getNumber()),
                                  t.getTo().getHolder(),
                                  new Money(t.getAmountMinor(), t.getCurrency()),
                                  t.getMemo(),
                                  new IdempotencyKey(t.getIdempotencyKey()).shortForm(),
                                  t.getReversalOf() == null
                                      ? null
                                      : t.getReversalOf().getReference(),
                                  copy);
                          return ApprovalService.stored(s, hook, receipt);
                        }))
            .orElseThrow(
                () ->
                    new ServiceRefusal(
                        ServiceRefusal.Kind.UNAVAILABLE, "The ledger is busy; try again."));
    sf.inSession(s -> s.doWork(transfers.database()::durabilityBarrier));
    return r;
  }
}
