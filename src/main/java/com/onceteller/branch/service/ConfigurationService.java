package com.onceteller.branch.service;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.LedgerSetting;
import com.onceteller.branch.ledger.LimitRow;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.Money;
import com.onceteller.domain.Permission;
import com.onceteller.domain.Role;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TellerLimit;
import com.onceteller.domain.TransferLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.hibernate.SessionFactory;

/**
 * The ledger's configuration: limits per role and currency, and whether every reversal needs a
 * supervisor. Anyone signed on may read it (a teller sees their limits); only an administrator
 * changes it, and every change is in the audit trail with the old and the new value.
 */
public final class ConfigurationService {

  private final Database database;
  private final SessionFactory sf;
  private final AuditTrail audit;

  public ConfigurationService(Database database, Clock clock) {
    this.database = database;
    this.sf = database.sessionFactory();
    this.audit = new AuditTrail(database, clock);
  }

  /** Every limit, by role and currency. */
  public List<TellerLimit> limits() {
    return sf.fromSession(
        s ->
            s.createSelectionQuery("from LimitRow l", LimitRow.class).getResultList().stream()
                .map(
                    l ->
                        new TellerLimit(
                            l.getRole(),
                            l.getCurrency(),
                            l.getPerTransferMinor(),
                            l.getDailyMinor()))
                .sorted(
                    java.util.Comparator.comparing(TellerLimit::role)
                        .thenComparing(TellerLimit::currency))
                .toList());
  }

  /**
   * Sets {@code role}'s limits in {@code currency} (minor units). Only tellers and supervisors
   * post, so only they have limits.
   */
  public TellerLimit setLimit(
      Actor admin, Role role, String currency, long perTransferMinor, long dailyMinor) {
    String cur = currency == null ? "" : currency.strip().toUpperCase(Locale.ROOT);
    String affected = "limit " + role + " " + cur;
    Access.require(audit, admin, Permission.CONFIGURE, affected);
    if (role != Role.TELLER && role != Role.SUPERVISOR) {
      throw ServiceRefusal.invalid("Only tellers and supervisors post, so only they have limits.");
    }
    if (!cur.matches("^[A-Z]{3}$")) {
      throw ServiceRefusal.invalid("The currency must be a three-letter ISO code.");
    }
    if (perTransferMinor <= 0
        || dailyMinor <= 0
        || perTransferMinor > TransferLimits.MAX_AMOUNT_MINOR
        || dailyMinor > Long.MAX_VALUE / 4) {
      throw ServiceRefusal.invalid(
          "Limits are amounts above zero (and within what a ledger holds).");
    }
    sf.inTransaction(
        s -> {
          String problem = Access.userProblem(s, admin);
          if (problem != null) {
            throw new ServiceRefusal(ServiceRefusal.Kind.NOT_PERMITTED, problem);
          }
          Instant now = audit.now();
          LimitRow row = s.find(LimitRow.class, new LimitRow.Id(role, cur));
          String was =
              row == null
                  ? "none"
                  : new Money(row.getPerTransferMinor(), cur).format()
                      + " / "
                      + new Money(row.getDailyMinor(), cur).format();
          if (row == null) {
            s.persist(new LimitRow(role, cur, perTransferMinor, dailyMinor, admin.userId(), now));
          } else {
            row.set(perTransferMinor, dailyMinor, admin.userId(), now);
          }
          AuditTrail.record(
              s,
              now,
              admin,
              AuditEventType.CONFIGURATION_CHANGED,
              true,
              affected,
              was
                  + " -> "
                  + new Money(perTransferMinor, cur).format()
                  + " per transfer / "
                  + new Money(dailyMinor, cur).format()
                  + " a day");
        });
    sf.inSession(s -> s.doWork(database::durabilityBarrier));
    return new TellerLimit(role, cur, perTransferMinor, dailyMinor);
  }

  public boolean reversalRequiresApproval() {
    return sf.fromSession(s -> Controls.setting(s, LedgerSetting.REVERSAL_REQUIRES_APPROVAL));
  }

  /** Whether every reversal needs a supervisor, not only those above a limit. */
  public void setReversalRequiresApproval(Actor admin, boolean required) {
    String name = LedgerSetting.REVERSAL_REQUIRES_APPROVAL;
    Access.require(audit, admin, Permission.CONFIGURE, "setting " + name);
    sf.inTransaction(
        s -> {
          String problem = Access.userProblem(s, admin);
          if (problem != null) {
            throw new ServiceRefusal(ServiceRefusal.Kind.NOT_PERMITTED, problem);
          }
          Instant now = audit.now();
          LedgerSetting setting = s.find(LedgerSetting.class, name);
          String was = setting == null ? "none" : setting.getValue();
          if (setting == null) {
            s.persist(new LedgerSetting(name, String.valueOf(required), admin.userId(), now));
          } else {
            setting.set(String.valueOf(required), admin.userId(), now);
          }
          AuditTrail.record(
              s,
              now,
              admin,
              AuditEventType.CONFIGURATION_CHANGED,
              true,
              "setting " + name,
              was + " -> " + required);
        });
    sf.inSession(s -> s.doWork(database::durabilityBarrier));
  }
}
