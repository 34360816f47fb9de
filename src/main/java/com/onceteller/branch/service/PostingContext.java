package com.onceteller.branch.service;

import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Role;
import com.onceteller.domain.TransferRequest;
import java.time.LocalDate;
import org.hibernate.FlushMode;
import org.hibernate.Session;

/**
 * What a new posting must know besides its two accounts, read in one statement inside the posting
 * transaction (after the claim): the actor's user record (exists, enabled, role), whether the key
 * was decided before keys were scoped (V8), the open business day, whether the teller closed it,
 * the limits of the actor's role in the currency, and what the teller posted in that day and
 * currency so far (its running total, V21). The same rows the separate reads ({@link
 * Access#userProblem}, {@link StoredOutcomes#legacyRecord}, {@link Controls}) read, at the same
 * point of the same transaction, so the same decisions; one client/server round trip instead of six
 * (issue 12), and no entities loaded into the session for the flush to check.
 */
final class PostingContext {

  private static final String SQL =
      "select"
          + " (select u.enabled from app_user u where u.user_id = :user) as user_enabled,"
          + " (select u.role from app_user u where u.user_id = :user) as user_role,"
          + " (select count(*) from idempotency_record r"
          + "   where r.idempotency_key = :key and r.teller_id = :legacy) as legacy_records,"
          + " (select d.business_date from business_day d where d.state = 'OPEN') as open_day,"
          + " (select count(*) from teller_day t where t.teller_id = :user and t.business_date ="
          + "   (select d.business_date from business_day d where d.state = 'OPEN')) as day_closed,"
          + " (select l.per_transfer_minor from teller_limit l"
          + "   where l.role = :role and l.currency = :currency) as per_transfer_minor,"
          + " (select l.daily_minor from teller_limit l"
          + "   where l.role = :role and l.currency = :currency) as daily_minor,"
          // The running total (V21), one primary-key row, not a sum over the day's transfers.
          + " (select t.posted_minor from teller_day_total t"
          + "   where t.teller_id = :user and t.business_date ="
          + "   (select d.business_date from business_day d where d.state = 'OPEN')"
          + "   and t.currency = :currency) as posted_today";

  /** Why the user record does not let the actor act, or null. */
  final String userProblem;

  /** The key has a decision from before V8 (legacy scope), which must be replayed. */
  final boolean legacyDecision;

  /** The open business day; null only if the ledger has none (a broken ledger). */
  final LocalDate openDay;

  final boolean tellerDayClosed;

  /** Limits of the actor's role in the request's currency; null when none is set. */
  final Long perTransferMinor;

  final Long dailyMinor;

  final long postedTodayMinor;

  private PostingContext(Object[] row, Actor actor) {
    Boolean enabled = (Boolean) row[0];
    String role = (String) row[1];
    this.userProblem =
        Access.userProblem(
            actor, enabled != null && enabled, role == null ? null : Role.valueOf(role));
    this.legacyDecision =
        !Actor.LEGACY_TELLER.equals(actor.userId()) && ((Number) row[2]).longValue() > 0;
    this.openDay = (LocalDate) row[3];
    this.tellerDayClosed = ((Number) row[4]).longValue() > 0;
    this.perTransferMinor = row[5] == null ? null : ((Number) row[5]).longValue();
    this.dailyMinor = row[6] == null ? null : ((Number) row[6]).longValue();
    this.postedTodayMinor = row[7] == null ? 0 : ((Number) row[7]).longValue();
  }

  static PostingContext read(
      Session session, Actor actor, IdempotencyKey key, TransferRequest request) {
    Object[] row =
        (Object[])
            session
                .createNativeQuery(SQL, Object[].class)
                // Nothing of the session is read here: no flush before it.
                .setHibernateFlushMode(FlushMode.MANUAL)
                .addScalar("user_enabled", Boolean.class)
                .addScalar("user_role", String.class)
                .addScalar("legacy_records", Long.class)
                .addScalar("open_day", LocalDate.class)
                .addScalar("day_closed", Long.class)
                .addScalar("per_transfer_minor", Long.class)
                .addScalar("daily_minor", Long.class)
                .addScalar("posted_today", Long.class)
                .setParameter("user", actor.userId())
                .setParameter("key", key.value())
                .setParameter("legacy", Actor.LEGACY_TELLER)
                .setParameter("role", actor.role().name())
                .setParameter("currency", request.currency())
                .getSingleResult();
    return new PostingContext(row, actor);
  }

  /** The open day, as {@link Controls#openDay} answers it. */
  LocalDate requireOpenDay() {
    if (openDay == null) {
      throw new IllegalStateException("The ledger has no open business day.");
    }
    return openDay;
  }

  /** As {@link Controls#limitProblem}, from the values read. */
  String limitProblem(Actor actor, TransferRequest request) {
    return Controls.limitProblem(
        actor, request, requireOpenDay(), perTransferMinor, dailyMinor, () -> postedTodayMinor);
  }
}
