package com.onceteller.branch.service;

import com.onceteller.branch.ledger.BusinessDay;
import com.onceteller.branch.ledger.LedgerSetting;
import com.onceteller.branch.ledger.LimitRow;
import com.onceteller.domain.Actor;
import com.onceteller.domain.Money;
import com.onceteller.domain.TransferRequest;
import java.time.LocalDate;
import java.util.List;
import org.hibernate.Session;

/**
 * The ledger's controls as the posting transaction reads them: the open business day, the limits of
 * the actor's role, the teller's total so far that day, and the settings.
 */
final class Controls {

  private Controls() {}

  /** The open business day; a ledger always has one (Database opens it). */
  static LocalDate openDay(Session session) {
    BusinessDay d =
        session
            .createSelectionQuery("from BusinessDay d where d.state = :s", BusinessDay.class)
            .setParameter("s", BusinessDay.State.OPEN)
            .getSingleResultOrNull();
    if (d == null) {
      throw new IllegalStateException("The ledger has no open business day.");
    }
    return d.getDate();
  }

  /**
   * Why {@code request} by {@code actor} needs a supervisor's approval, or null when it is within
   * the limits of the actor's role: one transfer, and the teller's postings in {@code day} in that
   * currency with this one added. A currency without a limit always needs approval.
   */
  static String limitProblem(Session session, Actor actor, TransferRequest request, LocalDate day) {
    LimitRow limit =
        session.find(LimitRow.class, new LimitRow.Id(actor.role(), request.currency()));
    return limitProblem(
        actor,
        request,
        day,
        limit == null ? null : limit.getPerTransferMinor(),
        limit == null ? null : limit.getDailyMinor(),
        () -> postedToday(session, actor.userId(), request.currency(), day));
  }

  /**
   * As {@link #limitProblem(Session, Actor, TransferRequest, LocalDate)}, from the limit's values
   * as read (both null when none is set); {@code postedToday} is asked only when needed.
   */
  static String limitProblem(
      Actor actor,
      TransferRequest request,
      LocalDate day,
      Long perTransferMinor,
      Long dailyMinor,
      java.util.function.LongSupplier postedToday) {
    Money amount = request.amount();
    if (perTransferMinor == null || dailyMinor == null) {
      return "No limit is set for a "
          + actor.role().label().toLowerCase(java.util.Locale.ROOT)
          + " in "
          + request.currency()
          + ": every transfer in it needs a supervisor.";
    }
    if (request.amountMinor() > perTransferMinor) {
      return amount.format()
          + " is above the "
          + actor.role().label().toLowerCase(java.util.Locale.ROOT)
          + " limit of "
          + new Money(perTransferMinor, request.currency()).format()
          + " per transfer.";
    }
    long today = postedToday.getAsLong();
    if (today > dailyMinor - request.amountMinor()) {
      return "With "
          + amount.format()
          + ", "
          + actor.userId()
          + "'s postings on "
          + day
          + " would come to "
          + new Money(today + request.amountMinor(), request.currency()).format()
          + ", above the daily limit of "
          + new Money(dailyMinor, request.currency()).format()
          + ".";
    }
    return null;
  }

  /** What {@code teller} has posted in {@code day} in {@code currency}, in minor units. */
  static long postedToday(Session session, String teller, String currency, LocalDate day) {
    // The running total (V21), kept by a trigger on every transfer inserted.
    List<Long> total =
        session
            .createNativeQuery(
                "select posted_minor from teller_day_total where teller_id = :t"
                    + " and business_date = :d and currency = :c",
                Long.class)
            .setParameter("t", teller)
            .setParameter("d", day)
            .setParameter("c", currency)
            .getResultList();
    return total.isEmpty() ? 0 : total.get(0);
  }

  /** True when {@code teller} closed their day {@code day} (V13). */
  static boolean tellerDayClosed(Session session, String teller, LocalDate day) {
    return session
            .createSelectionQuery(
                "select count(d) from TellerDay d where d.tellerId = :t and d.businessDate = :d",
                Long.class)
            .setParameter("t", teller)
            .setParameter("d", day)
            .getSingleResult()
        > 0;
  }

  static boolean setting(Session session, String name) {
    LedgerSetting s = session.find(LedgerSetting.class, name);
    return s != null && Boolean.parseBoolean(s.getValue());
  }
}
