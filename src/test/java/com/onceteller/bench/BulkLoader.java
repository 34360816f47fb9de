package com.onceteller.bench;

import com.onceteller.domain.TransferRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Fills a ledger with {@code n} posted keys in plain SQL (INSERT … SELECT FROM SYSTEM_RANGE), in
 * chunks: consistent rows in transfer, journal_entry (two legs) and idempotency_record (POSTED,
 * same fingerprint and stored request as the service writes), with the account balances moved to
 * match. Keys are UUIDv7 ({@code RANDOM_UUID(7)}) like {@link
 * com.onceteller.domain.IdempotencyKey#mint()}: time-ordered, so they fill the unique indexes the
 * way real keys do.
 */
final class BulkLoader {

  static final TransferRequest REQUEST = BenchLedger.request(1);
  private static final int CHUNK = 50_000;

  private BulkLoader() {}

  static void load(Connection c, int n) throws SQLException {
    long fromId = BenchLedger.accountId(c, BenchLedger.FROM);
    long toId = BenchLedger.accountId(c, BenchLedger.TO);
    long firstTransferId = BenchLedger.single(c, "select coalesce(max(id), 0) + 1 from transfer");
    String key = "random_uuid(7)"; // UUIDv7, as the service mints them
    for (int lo = 1; lo <= n; lo += CHUNK) {
      int hi = Math.min(n, lo + CHUNK - 1);
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into transfer (reference, teller_id, idempotency_key, from_account_id,"
                  + " to_account_id, amount_minor, currency, memo, posted_at, business_date)"
                  + " select 'B-' || x, 'anna', "
                  + key
                  + ", ?, ?, ?, 'EUR', ?,"
                  + " timestamp with time zone '2024-01-01 00:00:00+00' + x * interval '1' second,"
                  + " (select business_date from business_day where state = 'OPEN')"
                  + " from system_range(?, ?)")) {
        ps.setLong(1, fromId);
        ps.setLong(2, toId);
        ps.setLong(3, REQUEST.amountMinor());
        ps.setString(4, REQUEST.memoOrEmpty());
        ps.setLong(5, lo);
        ps.setLong(6, hi);
        ps.executeUpdate();
      }
      c.commit();
    }
    long lastTransferId = BenchLedger.single(c, "select max(id) from transfer");
    for (long lo = firstTransferId; lo <= lastTransferId; lo += CHUNK) {
      long hi = Math.min(lastTransferId, lo + CHUNK - 1);
      copy(
          c,
          "insert into journal_entry (transfer_id, account_id, amount_minor, currency, posted_at)"
              + " select id, from_account_id, -amount_minor, currency, posted_at from transfer"
              + " where id between ? and ?",
          lo,
          hi);
      copy(
          c,
          "insert into journal_entry (transfer_id, account_id, amount_minor, currency, posted_at)"
              + " select id, to_account_id, amount_minor, currency, posted_at from transfer"
              + " where id between ? and ?",
          lo,
          hi);
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into idempotency_record (teller_id, idempotency_key, fingerprint, outcome,"
                  + " transfer_id, request_canonical, decided_at, business_date)"
                  + " select teller_id, idempotency_key, ?, 'POSTED', id, ?, posted_at,"
                  + " business_date from transfer"
                  + " where id between ? and ?")) {
        ps.setString(1, REQUEST.fingerprint());
        ps.setString(2, REQUEST.canonicalForm());
        ps.setLong(3, lo);
        ps.setLong(4, hi);
        ps.executeUpdate();
      }
      c.commit();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "update account set balance_minor = balance_minor + ?, version = version + 1"
                + " where id = ?")) {
      long moved = (long) n * REQUEST.amountMinor();
      ps.setLong(1, -moved);
      ps.setLong(2, fromId);
      ps.executeUpdate();
      ps.setLong(1, moved);
      ps.setLong(2, toId);
      ps.executeUpdate();
    }
    c.commit();
  }

  private static void copy(Connection c, String sql, long lo, long hi) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, lo);
      ps.setLong(2, hi);
      ps.executeUpdate();
    }
  }
}
