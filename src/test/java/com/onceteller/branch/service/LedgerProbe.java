package com.onceteller.branch.service;

import com.onceteller.TestLedger;
import com.onceteller.branch.ledger.DemoData;
import com.onceteller.domain.IdempotencyKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads the ledger's tables with plain SQL, independently of the service and of Hibernate, so that
 * a test checks what is really in the file.
 */
final class LedgerProbe {

  private final DataSource ds;

  LedgerProbe(TestLedger ledger) {
    this.ds = ledger.database.dataSource();
  }

  long records(IdempotencyKey key) {
    return count("select count(*) from idempotency_record where idempotency_key = ?", key.value());
  }

  long transfers(IdempotencyKey key) {
    return count("select count(*) from transfer where idempotency_key = ?", key.value());
  }

  long journalEntries(IdempotencyKey key) {
    return count(
        "select count(*) from journal_entry j join transfer t on j.transfer_id = t.id"
            + " where t.idempotency_key = ?",
        key.value());
  }

  /** The stored outcome of {@code key} (POSTED, REJECTED, VOIDED), or null without a record. */
  String outcome(IdempotencyKey key) {
    return text("select outcome from idempotency_record where idempotency_key = ?", key.value());
  }

  /** Who voided {@code key} and why, as stored, or null. */
  String voidedByAndReason(IdempotencyKey key) {
    return text(
        "select voided_by || ' / ' || void_reason from idempotency_record"
            + " where idempotency_key = ?",
        key.value());
  }

  /** The last number the reference counter handed out. */
  long counter() {
    return count("select last_value from reference_counter where name = 'transfer'");
  }

  long incidents(IdempotencyKey key) {
    return count("select count(*) from ledger_incident where idempotency_key = ?", key.value());
  }

  long allIncidents() {
    return count("select count(*) from ledger_incident");
  }

  /** The numbers of every T- reference, ascending. */
  List<Long> referenceNumbers() {
    List<Long> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select reference from transfer where reference like 'T-%' order by reference");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(Long.parseLong(rs.getString(1).substring(2)));
      }
      c.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    out.sort(null);
    return out;
  }

  /** What start-up reconciliation would say about the ledger now (empty: it reconciles). */
  List<String> reconciliationProblems() {
    try (Connection c = ds.getConnection()) {
      List<String> problems = com.onceteller.branch.ledger.LedgerReconciler.check(c);
      c.rollback();
      return problems;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  String text(String sql, Object... args) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        String v = rs.next() ? rs.getString(1) : null;
        c.rollback();
        return v;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  long allTransfers() {
    return count("select count(*) from transfer");
  }

  long allRecords() {
    return count("select count(*) from idempotency_record");
  }

  long allJournalEntries() {
    return count("select count(*) from journal_entry");
  }

  /** Balances of the demo accounts, in demo order. */
  Map<String, Long> balances() {
    Map<String, Long> all = new java.util.HashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("select number, balance_minor from account");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        all.put(rs.getString(1), rs.getLong(2));
      }
      c.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (DemoData.DemoAccount a : DemoData.ACCOUNTS) {
      out.put(a.number(), all.get(a.number()));
    }
    return out;
  }

  /** Opening balance plus the sum of the account's journal entries, per demo account. */
  Map<String, Long> openingPlusJournal() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (DemoData.DemoAccount a : DemoData.ACCOUNTS) {
      long sum =
          count(
              "select coalesce(sum(j.amount_minor), 0) from journal_entry j"
                  + " join account a on j.account_id = a.id where a.number = ?",
              a.number());
      out.put(a.number(), a.balanceMinor() + sum);
    }
    return out;
  }

  /** Transfers whose journal entries are not exactly one debit and one credit summing to zero. */
  List<String> unbalancedTransfers() {
    List<String> bad = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select t.reference, count(j.id), coalesce(sum(j.amount_minor), 0),"
                    + " coalesce(min(j.amount_minor), 0), coalesce(max(j.amount_minor), 0),"
                    + " t.amount_minor from transfer t left join journal_entry j on j.transfer_id"
                    + " = t.id group by t.id, t.reference, t.amount_minor");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long amount = rs.getLong(6);
        if (rs.getLong(2) != 2
            || rs.getLong(3) != 0
            || rs.getLong(4) != -amount
            || rs.getLong(5) != amount) {
          bad.add(rs.getString(1));
        }
      }
      c.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return bad;
  }

  /** Keys with a POSTED record but no transfer, or a transfer but no record (torn writes). */
  long tornKeys() {
    return count(
            "select count(*) from idempotency_record r where r.outcome = 'POSTED' and not exists"
                + " (select 1 from transfer t where t.idempotency_key = r.idempotency_key"
                + " and t.id = r.transfer_id)")
        + count(
            "select count(*) from transfer t where not exists (select 1 from idempotency_record r"
                + " where r.idempotency_key = t.idempotency_key)");
  }

  long count(String sql, Object... args) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        c.rollback();
        return v;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rewrites history by hand, as a foreign tool would: the append-only triggers are removed. */
  int tamper(String sql, Object... args) {
    try (Connection c = ds.getConnection()) {
      com.onceteller.TestLedger.dropAppendOnlyTriggers(c);
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    int n = update(sql, args);
    try (Connection c = ds.getConnection()) {
      com.onceteller.TestLedger.restoreAppendOnlyTriggers(c);
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return n;
  }

  int update(String sql, Object... args) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      int n = ps.executeUpdate();
      c.commit();
      return n;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
