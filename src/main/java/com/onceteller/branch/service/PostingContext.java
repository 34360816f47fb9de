package com.onceteller.branch.service;

import com.onceteller.domain.Actor;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Role;
import com.onceteller.domain.TransferRequest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
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

  // Plain JDBC, positional parameters: see PARAMETERS for their order.
  private static final String SQL =
      "select"
          + " (select u.enabled from app_user u where u.user_id = ?) as user_enabled,"
          + " (select u.role from app_user u where u.user_id = ?) as user_role,"
          + " (select count(*) from idempotency_record r"
          + "   where r.idempotency_key = ? and r.teller_id = ?) as legacy_records,"
          + " (select d.business_date from business_day d where d.state = 'OPEN') as open_day,"
          + " (select count(*) from teller_day t where t.teller_id = ? and t.business_date ="
          + "   (select d.business_date from business_day d where d.state = 'OPEN')) as day_closed,"
          + " (select l.per_transfer_minor from teller_limit l"
          + "   where l.role = ? and l.currency = ?) as per_transfer_minor,"
          + " (select l.daily_minor from teller_limit l"
          + "   where l.role = ? and l.currency = ?) as daily_minor,"
          // The running total (V21), one primary-key row, not a sum over the day's transfers.
          + " (select t.posted_minor from teller_day_total t"
          + "   where t.teller_id = ? and t.business_date ="
          + "   (select d.business_date from business_day d where d.state = 'OPEN')"
          + "   and t.currency = ?) as posted_today";

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

  private PostingContext(ResultSet row, Actor actor) throws SQLException {
    boolean enabled = row.getBoolean(1);
    String role = row.getString(2);
    this.userProblem = Access.userProblem(actor, enabled, role == null ? null : Role.valueOf(role));
    this.legacyDecision = !Actor.LEGACY_TELLER.equals(actor.userId()) && row.getLong(3) > 0;
    this.openDay = row.getObject(4, LocalDate.class);
    this.tellerDayClosed = row.getLong(5) > 0;
    this.perTransferMinor = row.getObject(6, Long.class);
    this.dailyMinor = row.getObject(7, Long.class);
    this.postedTodayMinor = row.getLong(8); // 0 when no row yet (SQL null)
  }

  /**
   * Reads the context on the session's connection: one prepared statement, no query translation and
   * nothing put in the session (issue 13).
   */
  static PostingContext read(
      Session session, Actor actor, IdempotencyKey key, TransferRequest request) {
    return session.doReturningWork(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(SQL)) {
            String user = actor.userId();
            String role = actor.role().name();
            String currency = request.currency();
            ps.setString(1, user);
            ps.setString(2, user);
            ps.setObject(3, key.value());
            ps.setString(4, Actor.LEGACY_TELLER);
            ps.setString(5, user);
            ps.setString(6, role);
            ps.setString(7, currency);
            ps.setString(8, role);
            ps.setString(9, currency);
            ps.setString(10, user);
            ps.setString(11, currency);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalStateException("the context read returned no row");
              }
              return new PostingContext(rs, actor);
            }
          }
        });
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
