package com.onceteller.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseOpenException;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What only PostgreSQL has to prove: durability settings, triggers, serialization retries. */
class PostgresLedgerTest {

  @Test
  void zonkysDefaultServerAcknowledgesBeforeDurableAndIsRefusedWithAClearMessage()
      throws Exception {
    // Zonky's own defaults: fsync=off, synchronous_commit=off.
    try (EmbeddedPostgres fast = EmbeddedPostgres.builder().start()) {
      DatabaseSettings settings = TestPostgres.freshDatabase(fast);
      assertThatThrownBy(() -> Database.open(settings))
          .isInstanceOfSatisfying(
              DatabaseOpenException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(DatabaseOpenException.Reason.NOT_DURABLE);
                assertThat(e.getMessage())
                    .contains("synchronous_commit is off")
                    .contains("fsync is off")
                    .contains("Set synchronous_commit = on and fsync = on");
              });
      assertThat(tables(fast, settings)).as("nothing was migrated").isZero();
    }
  }

  @Test
  void aDatabaseWhoseOwnSettingTurnsSynchronousCommitOffIsRefusedToo() throws Exception {
    DatabaseSettings settings = TestPostgres.freshDatabase();
    String name = settings.jdbcUrl().substring(settings.jdbcUrl().lastIndexOf('/') + 1);
    try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("alter database " + name + " set synchronous_commit = off");
    }
    assertThatThrownBy(() -> Database.open(settings))
        .isInstanceOfSatisfying(
            DatabaseOpenException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DatabaseOpenException.Reason.NOT_DURABLE);
              assertThat(e.getMessage()).contains("synchronous_commit is off");
              assertThat(e.getMessage()).doesNotContain("fsync is");
            });
  }

  @Test
  void theDurableServerIsAcceptedAndReportsItsSettings() throws Exception {
    try (TestLedger ledger = TestLedger.openPostgres();
        Connection c = ledger.database.dataSource().getConnection();
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "select current_setting('synchronous_commit'), current_setting('fsync'),"
                    + " current_setting('lock_timeout')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("on");
      assertThat(rs.getString(2)).isEqualTo("on");
      assertThat(rs.getString(3)).isEqualTo("2s");
      c.rollback();
    }
  }

  @Test
  void theHistoryIsAppendOnlyOnPostgresqlWhoeverAsks() throws Exception {
    try (TestLedger ledger = TestLedger.openPostgres()) {
      TransferOutcome posted =
          new TransferService(ledger.database)
              .submit(TestActors.TELLER, IdempotencyKey.mint(), request(0, 1, 1_000));
      assertThat(posted).isInstanceOf(TransferOutcome.Posted.class);
      // A sign-on, so the audit trail has a row to refuse changing.
      assertThat(
              new com.onceteller.branch.service.IdentityService(
                      ledger.database, java.time.Clock.systemUTC())
                  .signOn("anna", TestActors.password(TestActors.TELLER), "pg-test"))
          .isInstanceOf(com.onceteller.domain.SignOnResult.SignedOn.class);
      // A stored answer of a keyed operation (branch API, V17), so its table has a row to refuse.
      try (Connection c = ledger.database.dataSource().getConnection();
          Statement st = c.createStatement()) {
        st.executeUpdate(
            "insert into operation_record (user_id, idem_key, operation, fingerprint, outcome,"
                + " answer, decided_at) values ('sara', '"
                + IdempotencyKey.mint()
                + "', 'APPROVE', 'f', 'DONE', '{}', now())");
        c.commit();
      }
      // A session, started and ended (V19), so both tables have a row to refuse changing.
      var sessions =
          new com.onceteller.branch.service.SessionService(
              ledger.database, java.time.Clock.systemUTC(), java.time.Duration.ofHours(1));
      sessions.end(sessions.start(TestActors.TELLER).token(), "test");
      List<String> refused =
          List.of(
              "update journal_entry set amount_minor = amount_minor * 2",
              "delete from journal_entry",
              "update transfer set amount_minor = 1",
              "delete from transfer",
              "delete from account",
              "delete from idempotency_record",
              "delete from reference_counter",
              "truncate transfer cascade",
              "truncate idempotency_record cascade",
              "truncate journal_entry",
              // The teller controls' tables (V8-V16, db/vendor/postgresql V9/V11/V14/V16).
              "update audit_event set success = not success",
              "delete from audit_event",
              "truncate audit_event",
              "delete from app_user",
              "truncate app_user cascade",
              "delete from teller_limit",
              "delete from ledger_setting",
              "delete from business_day",
              "truncate business_day cascade",
              // Stored answers of keyed operations (V17, db/vendor/postgresql/V18).
              "update operation_record set answer = 'changed'",
              "delete from operation_record",
              "truncate operation_record",
              // Sessions (V19, db/vendor/postgresql/V20): never changed, only ended.
              "update session_token set expires_at = expires_at + interval '1 day'",
              "delete from session_token",
              "truncate session_token",
              "delete from session_end",
              "truncate session_end",
              // Running day totals (V21, db/vendor/postgresql/V22): kept, never deleted.
              "delete from teller_day_total",
              "truncate teller_day_total");
      try (Connection c = ledger.database.dataSource().getConnection()) {
        for (String sql : refused) {
          try (Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate(sql))
                .as(sql)
                .isInstanceOfSatisfying(
                    SQLException.class,
                    e -> {
                      assertThat(e.getSQLState()).isEqualTo("45000");
                      assertThat(e.getMessage()).containsAnyOf("append-only", "never deleted");
                    });
          } finally {
            c.rollback();
          }
        }
      }
      assertThat(ledger.queries.countTransfers()).isEqualTo(1);
      // A closed business day is final (PL/pgSQL, db/vendor/postgresql/V11).
      try (Connection c = ledger.database.dataSource().getConnection();
          Statement st = c.createStatement()) {
        st.executeUpdate(
            "insert into business_day (business_date, state, open_marker, opened_at, closed_at,"
                + " closed_by, close_summary) values (date '2000-01-03', 'CLOSED', null, now(),"
                + " now(), 'sara', 'test')");
        assertThatThrownBy(
                () ->
                    st.executeUpdate(
                        "update business_day set close_summary = 'changed'"
                            + " where business_date = date '2000-01-03'"))
            .isInstanceOfSatisfying(
                SQLException.class,
                e -> {
                  assertThat(e.getSQLState()).isEqualTo("45000");
                  assertThat(e.getMessage()).contains("is closed");
                });
        c.rollback();
      }
    }
  }

  /**
   * Under SERIALIZABLE (as a distributed SQL engine would run), concurrent postings fail with 40001
   * on the shared reference counter and accounts; the service rolls back and runs them again with
   * backoff, so every teller still gets one decision per key and the books balance.
   */
  @Test
  void serializationFailuresAreRetriedInsideTheServiceAndEveryKeyPostsOnce() throws Exception {
    DatabaseSettings settings = TestPostgres.freshDatabase();
    String name = settings.jdbcUrl().substring(settings.jdbcUrl().lastIndexOf('/') + 1);
    try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("alter database " + name + " set default_transaction_isolation = 'serializable'");
    }
    try (TestLedger ledger = TestLedger.openSettings(settings)) {
      Map<String, Long> before = ledger.totals();
      java.util.concurrent.atomic.AtomicInteger failures =
          new java.util.concurrent.atomic.AtomicInteger();
      TransferService service =
          new TransferService(
              ledger.database,
              java.time.Clock.systemUTC(),
              new com.onceteller.branch.service.ServiceObserver() {
                @Override
                public void rolledBack(IdempotencyKey key, Throwable cause) {
                  if (serializationFailure(cause)) {
                    failures.incrementAndGet();
                  }
                }
              });
      int threads = 12;
      int keysPerThread = 15;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<List<TransferOutcome>>> futures = new ArrayList<>();
      List<IdempotencyKey> keys = new ArrayList<>();
      for (int i = 0; i < keysPerThread; i++) {
        keys.add(IdempotencyKey.mint());
      }
      try {
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    List<TransferOutcome> outcomes = new ArrayList<>();
                    // Every thread sends every key (the same request for a key): duplicates in
                    // flight on top of conflicting postings on the same three accounts.
                    for (int i = 0; i < keysPerThread; i++) {
                      int k = (i + thread) % keysPerThread;
                      outcomes.add(
                          service.submit(
                              TestActors.TELLER, keys.get(k), request(k % 3, (k + 1) % 3, 100)));
                    }
                    return outcomes;
                  }));
        }
        List<TransferOutcome> all = new ArrayList<>();
        for (Future<List<TransferOutcome>> f : futures) {
          all.addAll(f.get(2, TimeUnit.MINUTES));
        }
        // Retryable answers are allowed (a duplicate held up past the lock timeout, or a
        // transaction that failed all its tries); the teller's client sends those keys again.
        assertThat(all)
            .allSatisfy(
                o ->
                    assertThat(o)
                        .isInstanceOfAny(
                            TransferOutcome.Posted.class,
                            TransferOutcome.InProgress.class,
                            TransferOutcome.NotExecuted.class));
        long notExecuted =
            all.stream().filter(TransferOutcome.NotExecuted.class::isInstance).count();
        System.out.println(
            "serialization failures: " + failures.get() + ", answered NotExecuted: " + notExecuted);
        // Without retries inside the service every failure would reach a teller.
        assertThat(failures.get()).isPositive().isGreaterThan((int) notExecuted * 5);
        for (int i = 0; i < keysPerThread; i++) {
          TransferOutcome last;
          int sent = 0;
          do {
            last = service.submit(TestActors.TELLER, keys.get(i), request(i % 3, (i + 1) % 3, 100));
          } while (last.retryable() && ++sent < 20);
          assertThat(last).isInstanceOf(TransferOutcome.Posted.class);
        }
      } finally {
        pool.shutdownNow();
      }
      for (IdempotencyKey key : keys) {
        assertThat(ledger.queries.countTransfersForKey(key.value())).as(key.toString()).isOne();
      }
      assertThat(ledger.queries.countTransfers()).isEqualTo(keysPerThread);
      assertThat(ledger.totals()).isEqualTo(before);
    }
  }

  private static boolean serializationFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql
          && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private static TransferRequest request(int from, int to, long minor) {
    return new TransferRequest(
        TestLedger.number(from), TestLedger.number(to), minor, "EUR", "serializable " + minor);
  }

  private static int tables(EmbeddedPostgres pg, DatabaseSettings settings) throws SQLException {
    try (Connection c =
            java.sql.DriverManager.getConnection(settings.jdbcUrl(), settings.user(), "");
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "select count(*) from information_schema.tables where table_schema = 'public'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
