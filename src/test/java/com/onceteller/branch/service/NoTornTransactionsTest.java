package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behaviour 8: no torn transactions. H2 runs with WRITE_DELAY=0, configured in one place, and a
 * crash at any point inside the transaction leaves nothing of it behind.
 */
class NoTornTransactionsTest {

  @TempDir Path dir;

  /** Stands for the process dying: an Error, which the service does not turn into an answer. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String where) {
      super("simulated crash " + where);
    }
  }

  static ServiceObserver crashAt(String point) {
    return new ServiceObserver() {
      @Override
      public void keyClaimed(IdempotencyKey key) {
        if (point.equals("keyClaimed")) {
          throw new SimulatedCrash(point);
        }
      }

      @Override
      public void postingsWritten(IdempotencyKey key) {
        if (point.equals("postingsWritten")) {
          throw new SimulatedCrash(point);
        }
      }
    };
  }

  @Test
  void theJdbcUrlAlwaysCarriesWriteDelayZeroAndTheOpenDatabaseRunsWithIt() throws Exception {
    for (Path p :
        new Path[] {
          dir.resolve("a.mv.db"), dir.resolve("b"), dir.resolve("sub dir/c.mv.db"), Path.of("rel")
        }) {
      assertThat(DatabaseSettings.h2File(p).jdbcUrl())
          .startsWith("jdbc:h2:file:")
          .contains(";WRITE_DELAY=0")
          .doesNotContain("WRITE_DELAY=5");
    }
    try (TestLedger ledger = TestLedger.open(dir);
        Connection c = ledger.database.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select setting_value from information_schema.settings"
                    + " where setting_name = 'WRITE_DELAY'")) {
      assertThat(ledger.database.settings().jdbcUrl()).contains(";WRITE_DELAY=0");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("0");
      c.rollback();
    }
  }

  @ParameterizedTest(name = "crash at {0}")
  @ValueSource(strings = {"keyClaimed", "postingsWritten"})
  void aCrashInsideTheTransactionRollsBackEverythingAndTheSameKeyThenPostsOnce(String point) {
    try (TestLedger ledger = TestLedger.open(dir)) {
      LedgerProbe probe = new LedgerProbe(ledger);
      IdempotencyKey key = IdempotencyKey.mint();
      TransferRequest request = eur(AMELIE, JONAS, 80_000);
      Map<String, Long> before = probe.balances();
      long journal = probe.allJournalEntries();
      TransferService crashing =
          new TransferService(ledger.database, Clock.systemUTC(), crashAt(point));

      assertThatThrownBy(() -> crashing.submit(TestActors.TELLER, key, request))
          .isInstanceOf(SimulatedCrash.class);

      assertThat(probe.records(key)).isZero();
      assertThat(probe.transfers(key)).isZero();
      assertThat(probe.allJournalEntries()).isEqualTo(journal);
      assertThat(probe.balances()).isEqualTo(before);
      assertThat(probe.tornKeys()).isZero();

      TransferService service = new TransferService(ledger.database);
      assertThat(service.submit(TestActors.TELLER, key, request))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isFalse());
      assertThat(service.submit(TestActors.TELLER, key, request))
          .isInstanceOfSatisfying(
              TransferOutcome.Posted.class, p -> assertThat(p.replayed()).isTrue());
      assertThat(probe.transfers(key)).isEqualTo(1);
      assertThat(probe.journalEntries(key)).isEqualTo(2);
      assertThat(ledger.balance(AMELIE)).isEqualTo(before.get(TestLedger.number(AMELIE)) - 80_000);
      assertThat(probe.unbalancedTransfers()).isEmpty();
    }
  }

  @Test
  void aCrashLeavesNothingInTheFileAfterTheLedgerIsReopened() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest request = eur(AMELIE, JONAS, 61_000);
    Map<String, Long> before;
    try (TestLedger ledger = TestLedger.open(dir)) {
      before = new LedgerProbe(ledger).balances();
      TransferService crashing =
          new TransferService(ledger.database, Clock.systemUTC(), crashAt("postingsWritten"));
      assertThatThrownBy(() -> crashing.submit(TestActors.TELLER, key, request))
          .isInstanceOf(SimulatedCrash.class);
    }
    try (TestLedger ledger = TestLedger.open(dir)) {
      LedgerProbe probe = new LedgerProbe(ledger);
      assertThat(probe.allRecords()).isZero();
      assertThat(probe.allTransfers()).isZero();
      assertThat(probe.allJournalEntries()).isZero();
      assertThat(probe.balances()).isEqualTo(before);
      assertThat(new TransferService(ledger.database).submit(TestActors.TELLER, key, request))
          .isInstanceOf(TransferOutcome.Posted.class);
      assertThat(probe.transfers(key)).isEqualTo(1);
    }
  }
}
