package com.onceteller.branch.service;

import com.onceteller.TestLedger;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One real ledger (demo data) shared by the tests of a class, once on an H2 file and once on a
 * fresh database of the tests' PostgreSQL server (fsync and synchronous_commit on): every test of a
 * subclass runs on both engines. Opening a ledger costs seconds, and every test uses fresh keys, so
 * they do not see each other's transfers.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestLedger.Engine.class)
abstract class SharedLedgerTest {

  @TempDir static Path dir;
  static TestLedger ledger;
  static LedgerProbe probe;
  static TransferService service;
  static TestLedger.Engine engine;

  /** The engine of this invocation (also handed to the set-up below). */
  @Parameter TestLedger.Engine onEngine;

  @BeforeParameterizedClassInvocation
  static void openSharedLedger(TestLedger.Engine onEngine) {
    engine = onEngine;
    ledger = TestLedger.open(onEngine, dir);
    probe = new LedgerProbe(ledger);
    service = new TransferService(ledger.database);
  }

  /**
   * True once {@code t} waits inside the database for a row another transaction has not committed:
   * on H2, a thread inside the unique-index check; on PostgreSQL, a session of this ledger's
   * database waiting for a lock (pg_stat_activity).
   */
  static boolean waitingOnTheDatabase(Thread t) {
    if (engine == TestLedger.Engine.H2) {
      return SameKeyRaceTest.waitingInsideH2(t);
    }
    try (java.sql.Connection c = ledger.database.dataSource().getConnection();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery(
                "select count(*) from pg_stat_activity where datname = current_database()"
                    + " and wait_event_type = 'Lock'")) {
      rs.next();
      boolean waiting = rs.getInt(1) > 0;
      c.rollback();
      return waiting;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterParameterizedClassInvocation
  static void closeSharedLedger() {
    ledger.close();
  }
}
