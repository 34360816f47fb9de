package com.onceteller.branch.service;

import com.onceteller.branch.ledger.AuditRecord;
import com.onceteller.branch.ledger.Database;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEventType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail. An action's row is written in the action's own transaction ({@link
 * #record(Session, Instant, Actor, AuditEventType, boolean, String, String)}), so the approval and
 * its audit row commit together or not at all; a refusal, which writes nothing else, gets its row
 * in a transaction of its own ({@link #recordAlone}). Reading and exporting it is {@link
 * AuditQueries}.
 */
public final class AuditTrail {

  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  private final SessionFactory sf;
  private final Database database;
  private final Clock clock;

  public AuditTrail(Database database, Clock clock) {
    this.database = database;
    this.sf = database.sessionFactory();
    this.clock = clock;
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Adds a row in {@code session}'s transaction. */
  static void record(
      Session session,
      Instant at,
      Actor actor,
      AuditEventType type,
      boolean success,
      String affected,
      String detail) {
    session.persist(
        new AuditRecord(
            at,
            actor == null ? null : actor.userId(),
            type,
            success,
            actor == null ? null : actor.workstation(),
            affected,
            detail));
  }

  /** Adds a row for someone who is not (or not yet) an actor, e.g. a failed sign-on. */
  static void record(
      Session session,
      Instant at,
      String userId,
      String workstation,
      AuditEventType type,
      boolean success,
      String affected,
      String detail) {
    session.persist(new AuditRecord(at, userId, type, success, workstation, affected, detail));
  }

  /**
   * Adds a row in a transaction of its own, synced like a posting. Never throws: a refusal must
   * still be answered if the trail cannot be written (the failure is logged).
   */
  public void recordAlone(
      Actor actor, AuditEventType type, boolean success, String affected, String detail) {
    recordAlone(
        actor == null ? null : actor.userId(),
        actor == null ? null : actor.workstation(),
        type,
        success,
        affected,
        detail);
  }

  void recordAlone(
      String userId,
      String workstation,
      AuditEventType type,
      boolean success,
      String affected,
      String detail) {
    try {
      sf.inTransaction(s -> record(s, now(), userId, workstation, type, success, affected, detail));
      sf.inSession(s -> s.doWork(database::durabilityBarrier));
    } catch (RuntimeException e) {
      log.error(
          "Audit row not written: {} {} {} by {} at {}: {}",
          type,
          success ? "ok" : "failed",
          affected,
          userId,
          workstation,
          e.toString());
    }
  }
}
