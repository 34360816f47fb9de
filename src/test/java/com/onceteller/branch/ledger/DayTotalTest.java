package com.onceteller.branch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.ConfigurationService;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.Role;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The running total per teller, day and currency (V21/V22) that the daily limit reads: it follows
 * every transfer however it is written, a file from before V21 gets it from its transfers, and the
 * limit still refuses the transfer that would pass it.
 */
class DayTotalTest {

  @TempDir Path dir;

  private static TransferRequest eur(long amount) {
    return new TransferRequest(TestLedger.number(0), TestLedger.number(1), amount, "EUR", "Rent");
  }

  @ParameterizedTest
  @EnumSource(TestLedger.Engine.class)
  void theTotalFollowsEveryPostingReversalAndReplayAndIgnoresRefusals(TestLedger.Engine engine)
      throws Exception {
    try (TestLedger ledger = TestLedger.open(engine, dir)) {
      TransferService service = new TransferService(ledger.database);
      IdempotencyKey replayed = IdempotencyKey.mint();
      assertThat(service.submit(TestActors.TELLER, replayed, eur(1_000)))
          .isInstanceOf(TransferOutcome.Posted.class);
      TransferOutcome.Posted second =
          (TransferOutcome.Posted)
              service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(1_500));
      assertThat(service.submit(TestActors.TELLER, replayed, eur(1_000)))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
      assertThat(service.submit(TestActors.TELLER_2, IdempotencyKey.mint(), rich(700)))
          .isInstanceOf(TransferOutcome.Posted.class);
      // Refused for funds: nothing posted, nothing added.
      assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), eur(Long.MAX_VALUE / 4)))
          .isNotInstanceOf(TransferOutcome.Posted.class);
      assertThat(
              service.reverse(
                  TestActors.SUPERVISOR, IdempotencyKey.mint(), second.reference(), "Wrong amount"))
          .isInstanceOf(TransferOutcome.Posted.class);
      try (Connection c = ledger.database.dataSource().getConnection()) {
        assertThat(totals(c)).isEqualTo(sums(c)).containsKeys("anna EUR", "ben EUR", "sara EUR");
        assertThat(totals(c).get("anna EUR")).isEqualTo(2_500L);
        assertThat(totals(c).get("ben EUR")).isEqualTo(700L);
        c.rollback();
      }
    }
  }

  @Test
  void aLedgerFromBeforeTheTotalsGetsThemFromItsTransfers() throws Exception {
    Path file = dir.resolve("v20.mv.db");
    String url = DatabaseSettings.h2File(file).jdbcUrl();
    Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/migration", "classpath:db/vendor/h2")
        .target("20")
        .load()
        .migrate();
    try (Connection c = connect(file);
        Statement st = c.createStatement()) {
      st.execute(
          "insert into business_day (business_date, state, open_marker, opened_at) values"
              + " (date '2026-11-30', 'OPEN', 'X', timestamp with time zone '2026-11-30"
              + " 08:00:00+00')");
      for (String n : new String[] {"A1", "A2"}) {
        st.execute(
            "insert into account (number, holder, currency, balance_minor, status, version,"
                + " opened_at, opening_balance_minor) values ('"
                + n
                + "', 'Holder', 'EUR', 100000, 'OPEN', 0, timestamp with time zone"
                + " '2026-01-01 00:00:00+00', 100000)");
      }
      insertTransfer(st, 1, "anna", 100, "date '2026-11-30'");
      insertTransfer(st, 2, "anna", 200, "date '2026-11-30'");
      insertTransfer(st, 3, "ben", 70, "date '2026-11-30'");
    }
    Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/migration", "classpath:db/vendor/h2")
        .load()
        .migrate();
    try (Connection c = connect(file);
        Statement st = c.createStatement()) {
      assertThat(totals(c))
          .containsExactlyInAnyOrderEntriesOf(Map.of("anna EUR", 300L, "ben EUR", 70L));
      insertTransfer(st, 5, "anna", 11, "date '2026-11-30'");
      assertThat(totals(c).get("anna EUR")).isEqualTo(311L);
    }
  }

  private static void insertTransfer(Statement st, int n, String teller, long amount, String day)
      throws SQLException {
    st.execute(
        "insert into transfer (reference, teller_id, idempotency_key, from_account_id,"
            + " to_account_id, amount_minor, currency, memo, posted_at, business_date) values"
            + " ('T-00000"
            + n
            + "', '"
            + teller
            + "', random_uuid(), (select id from account where number = 'A1'), (select id from"
            + " account where number = 'A2'), "
            + amount
            + ", 'EUR', 'Old', timestamp with time zone '2026-11-30 09:00:00+00', "
            + day
            + ")");
  }

  @Test
  void totalsAreNeverDeleted() throws Exception {
    Path file;
    try (TestLedger ledger = TestLedger.open(dir)) {
      file = ledger.file;
      new TransferService(ledger.database)
          .submit(TestActors.TELLER, IdempotencyKey.mint(), eur(100));
    }
    try (Connection c = connect(file);
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeUpdate("delete from teller_day_total"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void theDailyLimitCountsWhatTheTotalHolds() {
    try (TestLedger ledger = TestLedger.open(dir)) {
      // A teller: EUR 10.00 per transfer, 25.00 a day.
      new ConfigurationService(ledger.database, Clock.systemUTC())
          .setLimit(TestActors.ADMINISTRATOR, Role.TELLER, "EUR", 1_000, 2_500);
      TransferService service = new TransferService(ledger.database);
      for (int i = 0; i < 2; i++) {
        assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), rich(1_000)))
            .isInstanceOf(TransferOutcome.Posted.class);
      }
      assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), rich(501)))
          .isInstanceOf(TransferOutcome.NeedsApproval.class);
      assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), rich(500)))
          .isInstanceOf(TransferOutcome.Posted.class);
      assertThat(service.submit(TestActors.TELLER, IdempotencyKey.mint(), rich(1)))
          .isInstanceOf(TransferOutcome.NeedsApproval.class);
      // Another teller's day is their own.
      assertThat(service.submit(TestActors.TELLER_2, IdempotencyKey.mint(), rich(1_000)))
          .isInstanceOf(TransferOutcome.Posted.class);
    }
  }

  /** From the demo account with the most money (EUR 125.00). */
  private static TransferRequest rich(long amount) {
    return new TransferRequest(TestLedger.number(3), TestLedger.number(1), amount, "EUR", "Rent");
  }

  private static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection(DatabaseSettings.h2File(file).jdbcUrl(), "sa", "");
  }

  private static Map<String, Long> totals(Connection c) throws SQLException {
    return rows(c, "select teller_id, currency, posted_minor from teller_day_total");
  }

  private static Map<String, Long> sums(Connection c) throws SQLException {
    return rows(
        c,
        "select teller_id, currency, sum(amount_minor) from transfer"
            + " where business_date is not null group by teller_id, business_date, currency");
  }

  private static Map<String, Long> rows(Connection c, String sql) throws SQLException {
    Map<String, Long> m = new TreeMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        m.merge(rs.getString(1) + " " + rs.getString(2).trim(), rs.getLong(3), Long::sum);
      }
    }
    return m;
  }
}
