package com.onceteller.branch.ledger;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Start-up reconciliation of the ledger, with plain set-based SQL (read-only). Rules:
 *
 * <ol>
 *   <li>every idempotency record decided POSTED points at a transfer carrying the same key;
 *   <li>every transfer has an idempotency record for its key (they are written in one transaction
 *       and records are never deleted, only compacted);
 *   <li>every transfer has exactly two journal entries: a debit of −amount on the paying account
 *       and a credit of +amount on the receiving account (so each pair sums to zero);
 *   <li>every journal entry belongs to an existing transfer;
 *   <li>every account's balance equals its opening balance plus the sum of its journal entries, and
 *       is not negative, unless a restored acknowledged posting overdrew it (recorded as an
 *       incident, see {@link LedgerIncident});
 *   <li>a key decided REJECTED or VOIDED has no transfer (a void fences its key; it never coexists
 *       with a posting);
 *   <li>the reference counter stands at or above every reference posted, so the next posting can
 *       never reuse one;
 *   <li>each teller's running total of the open day (V21), which the daily limit reads, equals the
 *       sum of the teller's transfers of that day.
 * </ol>
 *
 * H2 keeps a store snapshot consistent per map, not across maps, so a crash with unsafe settings
 * can leave any of these broken even where foreign keys say it cannot be; hence the explicit
 * checks. Rule 5 needs {@code account.opening_balance_minor} (migration V3); on an older file it is
 * skipped.
 */
public final class LedgerReconciler {

  /**
   * The number of {@code t.reference} when it is in the service's form (T- and digits), else null;
   * portable SQL (H2 and PostgreSQL), the same expression migration V5 seeds the counter with.
   */
  private static final String REFERENCE_NUMBER_SQL =
      "case when t.reference like 'T-_%' and replace(translate(substring(t.reference from 3),"
          + " '123456789', '000000000'), '0', '') = ''"
          + " then cast(substring(t.reference from 3) as bigint) end";

  /** How many examples of one broken rule are named in the report. */
  private static final int EXAMPLES = 5;

  private LedgerReconciler() {}

  /** Problems found, each a sentence naming what is wrong; empty when the ledger reconciles. */
  public static List<String> check(Connection c) throws SQLException {
    List<String> problems = new ArrayList<>();
    if (!hasTable(c, "transfer") || !hasTable(c, "journal_entry") || !hasTable(c, "account")) {
      return problems; // a new (or not yet migrated) database: nothing to reconcile
    }
    rule(
        c,
        problems,
        "select r.idempotency_key, r.transfer_id, t.idempotency_key from idempotency_record r"
            + " left join transfer t on t.id = r.transfer_id"
            + " where r.outcome = 'POSTED' and (t.id is null or t.idempotency_key <>"
            + " r.idempotency_key)",
        rs ->
            rs.getString(3) == null
                ? "key " + rs.getString(1) + " is recorded as posted but its transfer is missing"
                : "key "
                    + rs.getString(1)
                    + " is recorded as posted by the transfer of key "
                    + rs.getString(3));
    rule(
        c,
        problems,
        "select t.reference, t.idempotency_key from transfer t where not exists"
            + " (select 1 from idempotency_record r where r.idempotency_key = t.idempotency_key)",
        rs ->
            "transfer "
                + rs.getString(1)
                + " (key "
                + rs.getString(2)
                + ") has no idempotency record");
    rule(
        c,
        problems,
        "select t.reference, count(j.id), coalesce(sum(j.amount_minor), 0),"
            + " sum(case when j.account_id = t.from_account_id and j.amount_minor ="
            + " -t.amount_minor then 1 else 0 end),"
            + " sum(case when j.account_id = t.to_account_id and j.amount_minor = t.amount_minor"
            + " then 1 else 0 end)"
            + " from transfer t left join journal_entry j on j.transfer_id = t.id"
            + " group by t.id, t.reference, t.from_account_id, t.to_account_id, t.amount_minor"
            + " having count(j.id) <> 2 or coalesce(sum(j.amount_minor), 0) <> 0"
            + " or sum(case when j.account_id = t.from_account_id and j.amount_minor ="
            + " -t.amount_minor then 1 else 0 end) <> 1"
            + " or sum(case when j.account_id = t.to_account_id and j.amount_minor ="
            + " t.amount_minor then 1 else 0 end) <> 1",
        rs -> {
          long entries = rs.getLong(2);
          if (entries != 2) {
            return "transfer " + rs.getString(1) + " has " + entries + " journal entries, not 2";
          }
          if (rs.getLong(3) != 0) {
            return "the journal entries of transfer "
                + rs.getString(1)
                + " sum to "
                + rs.getLong(3)
                + ", not 0";
          }
          return "the journal entries of transfer "
              + rs.getString(1)
              + " do not debit the paying and credit the receiving account with its amount";
        });
    rule(
        c,
        problems,
        "select j.id, j.transfer_id from journal_entry j"
            + " where not exists (select 1 from transfer t where t.id = j.transfer_id)",
        rs ->
            "journal entry "
                + rs.getLong(1)
                + " belongs to transfer id "
                + rs.getLong(2)
                + ", which does not exist");
    if (hasColumn(c, "account", "opening_balance_minor")) {
      rule(
          c,
          problems,
          "select a.number, a.balance_minor, a.opening_balance_minor + coalesce((select"
              + " sum(j.amount_minor) from journal_entry j where j.account_id = a.id), 0) as expected"
              + " from account a where a.balance_minor <> a.opening_balance_minor + coalesce((select"
              + " sum(j.amount_minor) from journal_entry j where j.account_id = a.id), 0)",
          rs ->
              "account "
                  + rs.getString(1)
                  + " has balance "
                  + rs.getLong(2)
                  + " but its opening balance and journal give "
                  + rs.getLong(3));
    }
    boolean incidents = hasTable(c, "ledger_incident");
    rule(
        c,
        problems,
        "select a.number, a.balance_minor from account a where a.balance_minor < 0"
            + (incidents
                ? " and not exists (select 1 from ledger_incident i join transfer t on"
                    + " t.idempotency_key = i.idempotency_key where i.kind = '"
                    + LedgerIncident.Kind.ACKNOWLEDGED_POSTING_RESTORED.name()
                    + "' and t.from_account_id = a.id)"
                : ""),
        rs -> "account " + rs.getString(1) + " has a negative balance " + rs.getLong(2));
    rule(
        c,
        problems,
        "select r.idempotency_key, r.outcome, t.reference from idempotency_record r"
            + " left join transfer t on t.idempotency_key = r.idempotency_key"
            + " where r.outcome <> 'POSTED' and (t.id is not null or r.transfer_id is not null)",
        rs ->
            "key "
                + rs.getString(1)
                + " is recorded as "
                + rs.getString(2).toLowerCase(Locale.ROOT)
                + " but has "
                + (rs.getString(3) == null ? "a transfer" : "transfer " + rs.getString(3)));
    if (hasTable(c, "reference_counter")) {
      rule(
          c,
          problems,
          "select count(*) from reference_counter where name = '"
              + ReferenceCounter.TRANSFERS
              + "' having count(*) = 0",
          rs -> "the reference counter is missing");
      rule(
          c,
          problems,
          "select c.last_value, max(n.number) from reference_counter c, (select "
              + REFERENCE_NUMBER_SQL
              + " as number from transfer t) n where c.name = '"
              + ReferenceCounter.TRANSFERS
              + "' and n.number > c.last_value group by c.last_value",
          rs ->
              "the reference counter stands at "
                  + rs.getLong(1)
                  + " but reference "
                  + ReferenceCounter.format(rs.getLong(2))
                  + " exists: the next posting would reuse a reference");
    }
    if (hasTable(c, "teller_day_total") && hasTable(c, "business_day")) {
      String openDay = "(select d.business_date from business_day d where d.state = 'OPEN')";
      rule(
          c,
          problems,
          "select s.teller_id, s.currency, s.posted, coalesce(tt.posted_minor, 0) from"
              + " (select t.teller_id, t.currency, sum(t.amount_minor) as posted from transfer t"
              + " where t.business_date = "
              + openDay
              + " group by t.teller_id, t.currency) s left join teller_day_total tt"
              + " on tt.teller_id = s.teller_id and tt.currency = s.currency"
              + " and tt.business_date = "
              + openDay
              + " where tt.posted_minor is null or tt.posted_minor <> s.posted"
              + " union all select tt.teller_id, tt.currency, 0, tt.posted_minor"
              + " from teller_day_total tt where tt.business_date = "
              + openDay
              + " and not exists (select 1 from transfer t where t.teller_id = tt.teller_id"
              + " and t.currency = tt.currency and t.business_date = tt.business_date)",
          rs ->
              "teller "
                  + rs.getString(1)
                  + " has posted "
                  + rs.getLong(3)
                  + " "
                  + rs.getString(2).trim()
                  + " (minor units) today but the running total used for the daily limit"
                  + " says "
                  + rs.getLong(4));
    }
    return problems;
  }

  /** The problems as one message for a dialog, naming the file. */
  static String describe(String where, List<String> problems) {
    StringBuilder sb =
        new StringBuilder("The ledger ")
            .append(where)
            .append(" does not reconcile, so OnceTeller will not post to it. The file was left")
            .append(" untouched; restore it from a backup or have it examined. Found: ");
    for (int i = 0; i < problems.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(problems.get(i));
    }
    return sb.append('.').toString();
  }

  private interface Row {
    String describe(ResultSet rs) throws SQLException;
  }

  private static void rule(Connection c, List<String> problems, String sql, Row row)
      throws SQLException {
    int count = 0;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        if (count < EXAMPLES) {
          problems.add(row.describe(rs));
        }
        count++;
      }
    }
    if (count > EXAMPLES) {
      problems.add((count - EXAMPLES) + " more like the last");
    }
  }

  private static boolean hasTable(Connection c, String table) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
      try (ResultSet rs = md.getTables(null, null, name, new String[] {"TABLE", "BASE TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    for (boolean upper : new boolean[] {false, true}) {
      String t = upper ? table.toUpperCase(Locale.ROOT) : table;
      String col = upper ? column.toUpperCase(Locale.ROOT) : column;
      try (ResultSet rs = md.getColumns(null, null, t, col)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
